using System.Runtime.CompilerServices;
using DramaGen.Configuration;
using DramaGen.Pacing;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DramaGen.Jobs.Postgres;

public static class PostgresJobStoreServiceCollectionExtensions
{
    /// <summary>
    /// The PostgreSQL job store of JOB_STORE=postgres: its connection pool on DATABASE_URL (and the polls' own, beside it), the start-up migration, the
    /// engine leadership, admission and signals between instances. Registered only under JOB_STORE=postgres.
    /// </summary>
    public static IServiceCollection AddPostgresJobStore(this IServiceCollection services)
    {
        services.AddSingleton(provider => new NpgsqlDataSourceBuilder(
            PostgresPools.Pooled(provider.GetRequiredService<IOptions<JobStoreOptions>>().Value.DatabaseUrl!).ConnectionString).Build());
        // The runs executed here are kept in memory for their polls, unless nodes run on any instance (hangfire).
        services.AddSingleton<RunMirrors>();
        services.AddKeyedSingleton<IJobStore>(JobStoreOptions.Postgres, (provider, _) =>
        {
            var store = new PostgresJobStore(provider.GetRequiredService<NpgsqlDataSource>());
            return MirrorsOf(provider) is { } mirrors ? new MirroringJobStore(store, mirrors) : store;
        });
        services.AddKeyedSingleton<IRunMirrors>(JobStoreOptions.Postgres, (provider, _) => (IRunMirrors?)MirrorsOf(provider) ?? new NoRunMirrors());
        services.AddSingleton(provider => new PostgresReadPool(provider.GetRequiredService<IOptions<JobStoreOptions>>().Value));
        services.AddKeyedSingleton<IJobPolls>(JobStoreOptions.Postgres, (provider, _) => new PostgresJobPolls(
            provider.GetRequiredService<PostgresReadPool>(), MirrorsOf(provider)));
        services.AddKeyedSingleton<IJobAdmission>(JobStoreOptions.Postgres, (provider, _) => new PostgresJobAdmission(provider.GetRequiredService<NpgsqlDataSource>()));
        services.AddHostedService<PostgresJobStoreStartup>();
        // Registered before the workers, so it stops after them and hands the engine over once they have stopped.
        services.AddSingleton<PostgresEngineLeadership>();
        services.AddKeyedSingleton<IEngineLeadership>(JobStoreOptions.Postgres, (provider, _) => provider.GetRequiredService<PostgresEngineLeadership>());
        services.AddHostedService(provider => provider.GetRequiredService<PostgresEngineLeadership>());
        services.AddSingleton<PostgresSignals>();
        services.AddKeyedSingleton<IClusterSignals>(JobStoreOptions.Postgres, (provider, _) => provider.GetRequiredService<PostgresSignals>());
        services.AddHostedService(provider => provider.GetRequiredService<PostgresSignals>());
        // The providers' request quotas and 429 pauses, shared by the instances (taken by Pacing under this store's name).
        services.AddSingleton<ClusterThrottles>();
        services.AddHostedService(provider => provider.GetRequiredService<ClusterThrottles>());
        services.AddKeyedSingleton<IClusterQuotas, PostgresClusterQuotas>(JobStoreOptions.Postgres);
        return services;
    }

    /// <returns>The copies of the runs executed here when every write of such a run goes through this instance
    /// (WORK_DISTRIBUTION=local); null when nodes run on any instance.</returns>
    private static RunMirrors? MirrorsOf(IServiceProvider provider) =>
        provider.GetService<IOptions<WorkDistributionOptions>>()?.Value.Mode == WorkDistributionOptions.Hangfire
            ? null
            : provider.GetRequiredService<RunMirrors>();
}

/// <summary>JOB_STORE=postgres needs a DATABASE_URL of either form; the message never holds the password.</summary>
internal sealed class JobStoreOptionsValidator : IValidateOptions<JobStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, JobStoreOptions options)
    {
        if (options.Kind == JobStoreOptions.Postgres && string.IsNullOrWhiteSpace(options.DatabaseUrl))
        {
            return ValidateOptionsResult.Fail("JOB_STORE=postgres needs DATABASE_URL (postgresql://user:password@host:5432/database).");
        }
        return !string.IsNullOrWhiteSpace(options.DatabaseUrl) && ProblemOf(options.DatabaseUrl) is { } problem
            ? ValidateOptionsResult.Fail(problem)
            : ValidateOptionsResult.Success;
    }

    /// <summary>Apart, so that validating a service without DATABASE_URL never loads Npgsql (its parser's types).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string? ProblemOf(string databaseUrl)
    {
        try
        {
            DatabaseUrl.Parse(databaseUrl);
            return null;
        }
        catch (FormatException e)
        {
            return e.Message;
        }
    }
}

/// <summary>
/// Under JOB_STORE=postgres, the first hosted service: creates or migrates the job tables before any worker reads a job.
/// Which instance runs the engine is <see cref="PostgresEngineLeadership"/>'s to decide.
/// </summary>
internal sealed class PostgresJobStoreStartup(IOptions<JobStoreOptions> options, IServiceProvider services, ILogger<PostgresJobStoreStartup> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Kind != JobStoreOptions.Postgres)
        {
            return;
        }
        var database = services.GetRequiredService<NpgsqlDataSource>();
        var described = DatabaseUrl.Describe(DatabaseUrl.Parse(options.Value.DatabaseUrl!));
        var applied = await JobStoreSchema.MigrateAsync(database, cancellationToken);
        logger.LogInformation("Job store: PostgreSQL {Database}, schema version {Version} ({Applied} migrations applied now)",
            described, JobStoreSchema.Version, applied);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
