using Microsoft.Extensions.Options;

namespace DramaGen.Configuration;

public static class ConfigurationExtensions
{
    /// <summary>
    /// Binds every options class to the root configuration, where the seeds' flat environment variable
    /// names (R2_BUCKET, MAX_RETRIES, ...) live, and validates them before the service accepts requests.
    /// </summary>
    public static WebApplicationBuilder AddDramaGenConfiguration(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<ServiceOptions>(builder.Configuration);
        builder.Services.AddValidatedOptions<StorageOptions>(builder.Configuration);
        builder.Services.AddValidatedOptions<LimitsOptions>(builder.Configuration);
        builder.Services.AddValidatedOptions<ProvidersOptions>(builder.Configuration);
        builder.Services.AddValidatedOptions<LocalProviderOptions>(builder.Configuration);
        builder.Services.AddValidatedOptions<JobsOptions>(builder.Configuration);
        builder.Services.AddValidatedOptions<JobStoreOptions>(builder.Configuration);
        builder.Services.AddValidatedOptions<AuthoringOptions>(builder.Configuration);
        builder.Services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        builder.Services.AddSingleton<IValidateOptions<ProvidersOptions>, ProvidersOptionsValidator>();
        builder.Services.AddSingleton(TimeProvider.System);

        // Railway and the seeds set PORT; an explicit ASPNETCORE_URLS or --urls still wins.
        if (string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]) && string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            var port = builder.Configuration.GetValue("PORT", 8000);
            builder.WebHost.UseUrls($"http://0.0.0.0:{port}");
        }
        return builder;
    }

    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration)
        where T : class
    {
        services.AddSingleton<IValidateOptions<T>, EnvironmentNameValidator<T>>();
        return services.AddOptions<T>().Bind(configuration).ValidateOnStart();
    }
}
