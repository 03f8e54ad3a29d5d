using DramaGen.Configuration;
using DramaGen.Http;
using DramaGen.Storage.Assets;
using Microsoft.Extensions.Options;

namespace DramaGen.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>S3/R2 when R2 settings are present, the local directory store otherwise; and the asset library on it.</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddSingleton<IObjectStore>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<StorageOptions>>();
            return options.Value.UsesS3
                ? ActivatorUtilities.CreateInstance<S3ObjectStore>(provider)
                : ActivatorUtilities.CreateInstance<LocalObjectStore>(provider);
        });
        services.AddSingleton<AssetLibrary>();
        services.AddSingleton<IExceptionProblems, StorageExceptionProblems>();
        return services;
    }
}
