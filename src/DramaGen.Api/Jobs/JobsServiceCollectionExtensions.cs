using Microsoft.Extensions.DependencyInjection.Extensions;
using DramaGen.Http;

namespace DramaGen.Jobs;

public static class JobsServiceCollectionExtensions
{
    public static IServiceCollection AddJobs(this IServiceCollection services)
    {
        // First hosted service of the app: no worker starts before this process owns JOBS_DIR.
        services.AddHostedService<JobsDirectoryLock>();
        services.AddSingleton<JobsDirectoryHealth>();
        services.AddSingleton<FileJobStore>();
        services.AddHostedService<JobsDirectoryRecovery>();
        services.AddSingleton<IExceptionProblems, JobsExceptionProblems>();
        services.AddSingleton<IJobStore>(provider => provider.GetRequiredService<FileJobStore>());
        services.AddSingleton<JobRetention>();
        // The generation engine replaces it with its simulation of the run's rest.
        services.TryAddSingleton<IRunEta, NoRunEta>();
        services.AddHostedService(provider => provider.GetRequiredService<JobRetention>());
        return services;
    }
}
