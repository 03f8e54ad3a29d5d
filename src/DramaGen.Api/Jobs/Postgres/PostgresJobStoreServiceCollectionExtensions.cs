using DramaGen.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DramaGen.Jobs.Postgres;

public static class PostgresJobStoreServiceCollectionExtensions
{
    /// <summary>
    /// The PostgreSQL job store of JOB_STORE=postgres: its connection pool on DATABASE_URL and the start-up migration
    /// (a hosted service that does nothing under JOB_STORE=file).
    /// </summary>
    public static IServiceCollection AddPostgresJobStore(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<JobStoreOptions>, JobStoreOptionsValidator>();
        services.AddSingleton(provider => new NpgsqlDataSourceBuilder(
            DatabaseUrl.Parse(provider.GetRequiredService<IOptions<JobStoreOptions>>().Value.DatabaseUrl!).ConnectionString).Build());
        services.AddSingleton(provider => new PostgresJobStore(provider.GetRequiredService<NpgsqlDataSource>()));
        services.AddHostedService<PostgresJobStoreStartup>();
        return services;
    }
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
        if (!string.IsNullOrWhiteSpace(options.DatabaseUrl))
        {
            try
            {
                DatabaseUrl.Parse(options.DatabaseUrl);
            }
            catch (FormatException e)
            {
                return ValidateOptionsResult.Fail(e.Message);
            }
        }
        return ValidateOptionsResult.Success;
    }
}

/// <summary>
/// Under JOB_STORE=postgres, the first hosted service: creates or migrates the job tables before any worker reads a job.
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
        var applied = await JobStoreSchema.MigrateAsync(services.GetRequiredService<NpgsqlDataSource>(), cancellationToken);
        logger.LogInformation("Job store: PostgreSQL {Database}, schema version {Version} ({Applied} migrations applied now)",
            DatabaseUrl.Describe(DatabaseUrl.Parse(options.Value.DatabaseUrl!)), JobStoreSchema.Version, applied);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
