using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace DramaGen.Configuration;

public static class LoggingExtensions
{
    /// <summary>Serilog: compact JSON in production (ENVIRONMENT=production), readable text otherwise;
    /// control characters in logged values are escaped in both (<see cref="ControlCharacterEnricher"/>).
    /// The static Log.Logger is left alone: each host disposes only its own logger, so two hosts in one
    /// process (the test suite) never close each other's (an ObjectDisposedException at start-up under load).</summary>
    public static WebApplicationBuilder AddDramaGenLogging(this WebApplicationBuilder builder)
    {
        var production = string.Equals(builder.Configuration["ENVIRONMENT"], "production", StringComparison.OrdinalIgnoreCase);
        builder.Services.AddSerilog((services, logger) =>
        {
            logger.MinimumLevel.Information()
                .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                .MinimumLevel.Override("System.Net.Http.HttpClient", LogEventLevel.Warning)
                .MinimumLevel.Override("Polly", LogEventLevel.Warning)
                .ReadFrom.Configuration(builder.Configuration)
                .Enrich.FromLogContext()
                .Enrich.With<ControlCharacterEnricher>(); // last, so it sees every other enricher's properties
            if (production)
            {
                logger.WriteTo.Console(new RenderedCompactJsonFormatter());
            }
            else
            {
                logger.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}");
            }
        }, preserveStaticLogger: true);
        return builder;
    }
}
