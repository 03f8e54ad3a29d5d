using DramaGen.Http;
using Microsoft.OpenApi;

namespace DramaGen.Api;

internal static class OpenApiExtensions
{
    private const string SchemeId = "ApiKey";

    public static IServiceCollection AddOpenApiDocument(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "DramaGen API",
                Version = "v1",
                Description = "Premise to short drama to media: characters, episodes, scenes, portraits, storyboards and clips.",
            });
            options.AddSecurityDefinition(SchemeId, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyMiddleware.HeaderName,
                Description = "One of the keys in API_KEYS (not needed when API_KEYS is empty).",
            });
            options.AddSecurityRequirement(document => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(SchemeId, document)] = [],
            });
            var xml = Path.Combine(AppContext.BaseDirectory, "DramaGen.Api.xml");
            if (File.Exists(xml))
            {
                var comments = new LazyXmlComments(xml, options.SwaggerGeneratorOptions);
                options.AddOperationFilterInstance(comments);
                options.AddParameterFilterInstance(comments);
                options.AddRequestBodyFilterInstance(comments);
                options.AddSchemaFilterInstance(comments);
            }
            options.SupportNonNullableReferenceTypes();
        });
        return services;
    }

    public static WebApplication UseOpenApiDocument(this WebApplication app)
    {
        app.UseSwagger(options => options.RouteTemplate = "openapi/{documentName}.json");
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/openapi/v1.json", "DramaGen v1");
            options.RoutePrefix = "swagger";
        });
        return app;
    }
}
