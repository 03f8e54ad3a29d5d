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
        services.AddKeyedSingleton<IJobStore>(JobStoreOptions.Postgres, (provider, _) => new PostgresJobStore(provider.GetRequiredService<NpgsqlDataSource>()));
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
/// Under JOB_STORE=postgres, the first hosted service: creates or migrates the job tables before any worker reads a job,
/// then holds the engine lock for the life of the process. Until runs are distributed across instances, one instance
/// per database runs the engine: a second one waits up to JOBS_LOCK_WAIT_SECONDS for the first to exit (a rolling
/// deploy), then stops, so two instances never resume the same runs and pay for their nodes twice. The lock is a
/// PostgreSQL session advisory lock: the server releases it when the holder's connection ends, even after a SIGKILL.
/// </summary>
internal sealed class PostgresJobStoreStartup(IOptions<JobStoreOptions> options, IOptions<JobsOptions> jobs, IServiceProvider services,
    TimeProvider clock, ILogger<PostgresJobStoreStartup> logger) : IHostedService, IAsyncDisposable
{
    /// <summary>The advisory lock key of the one engine per database ("DramaRun").</summary>
    public const long EngineLock = 0x44_72_61_6D_61_52_75_6E;
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);
    private NpgsqlConnection? _holder;

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
        var deadline = clock.GetUtcNow() + TimeSpan.FromSeconds(jobs.Value.LockWaitSeconds);
        var logged = false;
        var holder = await database.OpenConnectionAsync(cancellationToken);
        try
        {
            while (!await TryLockAsync(holder, cancellationToken))
            {
                if (clock.GetUtcNow() >= deadline)
                {
                    throw new InvalidOperationException(
                        $"PostgreSQL {described} is in use by another DramaGen instance running the engine; stopping so its runs are not run twice.");
                }
                if (!logged)
                {
                    logger.LogWarning("PostgreSQL {Database} is in use by another DramaGen instance; waiting up to {Seconds} s for it to exit",
                        described, jobs.Value.LockWaitSeconds);
                    logged = true;
                }
                await Task.Delay(RetryInterval, clock, cancellationToken);
            }
        }
        catch
        {
            await holder.DisposeAsync();
            throw;
        }
        _holder = holder;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_holder is not null)
        {
            // Released explicitly: the pool may keep the connection (and its session) open.
            await using (var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({EngineLock})", _holder))
            {
                await unlock.ExecuteNonQueryAsync();
            }
            await _holder.DisposeAsync();
            _holder = null;
        }
    }

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var attempt = new NpgsqlCommand($"SELECT pg_try_advisory_lock({EngineLock})", connection);
        return (bool)(await attempt.ExecuteScalarAsync(cancellationToken))!;
    }
}
