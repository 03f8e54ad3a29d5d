using DramaGen.Configuration;

namespace DramaGen.Jobs.Files;

public static class FileJobStoreServiceCollectionExtensions
{
    /// <summary>The embedded job store (JOB_STORE=file): JSON files under JOBS_DIR, owned by one process at a time.</summary>
    public static IServiceCollection AddFileJobStore(this IServiceCollection services)
    {
        // First hosted service of the app: no worker starts before this process owns JOBS_DIR.
        services.AddHostedService<JobsDirectoryLock>();
        services.AddSingleton<FileJobStore>();
        services.AddKeyedSingleton<IJobStore>(JobStoreOptions.Files, (provider, _) => provider.GetRequiredService<FileJobStore>());
        services.AddKeyedSingleton<IJobPolls>(JobStoreOptions.Files, (provider, _) => new StoreJobPolls(provider.GetRequiredService<FileJobStore>()));
        services.AddHostedService<JobsDirectoryRecovery>();
        return services;
    }
}
