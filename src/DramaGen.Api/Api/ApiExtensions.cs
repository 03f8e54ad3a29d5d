using DramaGen.Http;
using DramaGen.Configuration;
using DramaGen.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Serilog;

namespace DramaGen.Api;

public static class ApiExtensions
{
    /// <summary>Problem details, CORS, body limits and the OpenAPI document.</summary>
    public static IServiceCollection AddApi(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier));
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
            .Configure<IOptions<ServiceOptions>>((cors, service) => cors.AddDefaultPolicy(policy => policy
                .WithOrigins([.. service.Value.CorsOriginList])
                .WithHeaders("X-API-Key", "If-Match", "Content-Type", "Last-Event-ID")
                .WithMethods("GET", "POST", "PATCH", "DELETE")
                .WithExposedHeaders("ETag", "Location")));
        services.AddOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>()
            .Configure<IOptions<LimitsOptions>>((kestrel, limits) =>
                kestrel.Limits.MaxRequestBodySize = Math.Max(limits.Value.MaxRequestBytes, limits.Value.MaxUploadBytes));
        services.AddOptions<FormOptions>()
            .Configure<IOptions<LimitsOptions>>((form, limits) => form.MultipartBodyLengthLimit = limits.Value.MaxUploadBytes);
        services.AddSingleton<ApiKeyMiddleware>();
        services.AddSingleton<SameOriginMiddleware>();
        services.AddHostedService<StartupReport>();
        services.AddOpenApiDocument();
        return services;
    }

    public static WebApplication UseApi(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // The host's own logger: the static Log.Logger is not set (see AddDramaGenLogging).
        app.UseSerilogRequestLogging(options => options.Logger = app.Services.GetRequiredService<Serilog.ILogger>());
        app.UseCors();
        app.UseMiddleware<SameOriginMiddleware>();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseOpenApiDocument();
        app.UseLocalFiles();
        return app;
    }
}
