namespace DramaGen.Configuration;

public static class LoggingExtensions
{
    public static WebApplicationBuilder AddDramaGenLogging(this WebApplicationBuilder builder) => builder;
}
