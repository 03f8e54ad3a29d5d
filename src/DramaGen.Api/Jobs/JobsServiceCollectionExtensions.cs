using DramaGen.Configuration;
using DramaGen.Http;
using DramaGen.Jobs.Files;
using DramaGen.Jobs.Postgres;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DramaGen.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <param name="configuration">Read for JOB_STORE: the PostgreSQL store is registered only when it is the one in use.</param>
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<JobsDirectoryHealth>();
        // Their start-up services come first (owning JOBS_DIR, or migrating the tables): no worker reads a job before.
        services.AddFileJobStore();
        services.AddSingleton<IValidateOptions<JobStoreOptions>, JobStoreOptionsValidator>();
        if (JobStoreOptions.IsPostgres(configuration))
        {
            // Npgsql's types appear only in the method called: a service on JOB_STORE=file never loads Npgsql (#15).
            services.AddPostgresJobStore();
        }
        // Each store registers itself under its JOB_STORE name; features see only IJobStore.
        services.AddSingleton(OfStore<IJobStore>);
        services.AddSingleton(OfStore<IJobPolls>);
        services.AddKeyedSingleton<IRunMirrors>(JobStoreOptions.Files, (_, _) => new NoRunMirrors());
        services.AddSingleton(OfStore<IRunMirrors>);
        // One instance on JOBS_DIR; several on PostgreSQL (active/standby): each store registers its own under its name.
        services.AddSingleton<SingleInstance>();
        services.AddKeyedSingleton<IEngineLeadership>(JobStoreOptions.Files, (provider, _) => provider.GetRequiredService<SingleInstance>());
        services.AddKeyedSingleton<IJobAdmission>(JobStoreOptions.Files, (provider, _) => provider.GetRequiredService<SingleInstance>());
        services.AddKeyedSingleton<IClusterSignals>(JobStoreOptions.Files, (provider, _) => provider.GetRequiredService<SingleInstance>());
        services.AddSingleton(OfStore<IEngineLeadership>);
        services.AddSingleton(OfStore<IJobAdmission>);
        services.AddSingleton(OfStore<IClusterSignals>);
        services.AddSingleton<SharedJobFeed>();
        services.AddSingleton<IExceptionProblems, JobsExceptionProblems>();
        services.AddSingleton<JobRetention>();
        // The generation engine replaces it with what it knows of the runs it has in flight.
        services.TryAddSingleton<IRunProgress, NoRunProgress>();
        services.AddHostedService(provider => provider.GetRequiredService<JobRetention>());
        return services;
    }

    /// <summary>The implementation the JOB_STORE in use registered under its name.</summary>
    private static T OfStore<T>(IServiceProvider provider) where T : notnull =>
        provider.GetRequiredKeyedService<T>(provider.GetRequiredService<IOptions<JobStoreOptions>>().Value.Kind);
}
