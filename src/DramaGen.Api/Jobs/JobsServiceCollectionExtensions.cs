using DramaGen.Configuration;
using DramaGen.Http;
using DramaGen.Jobs.Files;
using DramaGen.Jobs.Postgres;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DramaGen.Jobs;

public static class JobsServiceCollectionExtensions
{
    public static IServiceCollection AddJobs(this IServiceCollection services)
    {
        services.AddSingleton<JobsDirectoryHealth>();
        // Their start-up services come first (owning JOBS_DIR, or migrating the tables): no worker reads a job before.
        services.AddFileJobStore();
        services.AddPostgresJobStore();
        // Each store registers itself under its JOB_STORE name; features see only IJobStore.
        services.AddSingleton(provider => provider.GetRequiredKeyedService<IJobStore>(provider.GetRequiredService<IOptions<JobStoreOptions>>().Value.Kind));
        services.AddSingleton<IExceptionProblems, JobsExceptionProblems>();
        services.AddSingleton<JobRetention>();
        // The generation engine replaces it with its simulation of the run's rest.
        services.TryAddSingleton<IRunEta, NoRunEta>();
        services.TryAddSingleton<IRunCost, NoRunCost>();
        services.AddHostedService(provider => provider.GetRequiredService<JobRetention>());
        return services;
    }
}
