namespace DramaGen.Api;

public static class ApiExtensions
{
    public static IServiceCollection AddApi(this IServiceCollection services) => services;
    public static WebApplication UseApi(this WebApplication app) => app;
    public static IEndpointRouteBuilder MapService(this IEndpointRouteBuilder routes) => routes;
}
