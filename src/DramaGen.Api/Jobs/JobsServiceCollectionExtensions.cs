using DramaGen.Configuration;
using DramaGen.Http;
using DramaGen.Jobs.Files;
using DramaGen.Jobs.Postgres;
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
        services.AddSingleton<IJobStore>(provider => provider.GetRequiredService<IOptions<JobStoreOptions>>().Value.Kind == JobStoreOptions.Postgres
            ? provider.GetRequiredService<PostgresJobStore>()
            : provider.GetRequiredService<FileJobStore>());
        services.AddSingleton<IExceptionProblems, JobsExceptionProblems>();
        services.AddSingleton<JobRetention>();
        services.AddHostedService(provider => provider.GetRequiredService<JobRetention>());
        return services;
    }
}
