using DramaGen.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DramaGen.Jobs.Postgres;

/// <summary>
/// Active/standby on one PostgreSQL: the instance that holds the engine's session advisory lock runs the engine; every
/// other one tries to take it every ENGINE_TAKEOVER_SECONDS. PostgreSQL releases the lock when the holder's connection
/// ends, even after a SIGKILL, so a standby takes over within that interval (plus the time the server takes to notice a
/// dead client). A leader that loses its connection may have lost the lock to another instance: it stops the process
/// rather than run the engine twice (the platform starts it again, as a standby).
/// </summary>
public sealed class PostgresEngineLeadership(IServiceProvider services, IOptions<JobStoreOptions> options, TimeProvider clock,
    ILogger<PostgresEngineLeadership> logger) : BackgroundService, IEngineLeadership
{
    /// <summary>The advisory lock key of the engine ("DramaRun").</summary>
    public const long EngineLock = 0x44_72_61_6D_61_52_75_6E;
    private readonly TaskCompletionSource _leading = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private NpgsqlConnection? _holder;

    public bool IsLeader => _leading.Task.IsCompleted;

    public Task WhenLeaderAsync(CancellationToken cancellationToken) => _leading.Task.WaitAsync(cancellationToken);

    /// <summary>A first attempt before the server takes requests: a lone instance runs the engine from its start.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Kind == JobStoreOptions.Postgres)
        {
            await TryLeadAsync(cancellationToken);
        }
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Kind != JobStoreOptions.Postgres)
        {
            return;
        }
        var interval = TimeSpan.FromSeconds(options.Value.TakeoverSeconds);
        var waitingLogged = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (IsLeader)
                {
                    await using var check = new NpgsqlCommand("SELECT 1", _holder);
                    await check.ExecuteScalarAsync(stoppingToken);
                }
                else if (!await TryLeadAsync(stoppingToken) && !waitingLogged)
                {
                    logger.LogInformation("Another instance runs the engine; this one serves the API and stands by to take over");
                    waitingLogged = true;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                await DropHolderAsync();
                if (IsLeader)
                {
                    logger.LogCritical("Lost the connection that holds the engine lock ({Error}); stopping so two instances never run the engine",
                        e.GetType().Name);
                    services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
                    return;
                }
                logger.LogWarning("Could not try the engine lock ({Error}); trying again", e.GetType().Name);
            }
            try
            {
                await Task.Delay(interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One attempt to take the engine; true when this instance runs it (now or already).</summary>
    internal async Task<bool> TryLeadAsync(CancellationToken cancellationToken)
    {
        if (IsLeader)
        {
            return true;
        }
        // Outside the pool: a holder dropped after an error ends its session, and releases the lock if it held it.
        _holder ??= await PostgresPools.OpenSessionAsync(options.Value.DatabaseUrl!, cancellationToken);
        await using var attempt = new NpgsqlCommand($"SELECT pg_try_advisory_lock({EngineLock})", _holder);
        if (!(bool)(await attempt.ExecuteScalarAsync(cancellationToken))!)
        {
            return false;
        }
        logger.LogInformation("This instance runs the engine now (it holds the PostgreSQL engine lock)");
        _leading.TrySetResult();
        return true;
    }

    /// <summary>After the workers (registered later, stopped earlier) have stopped: hands the engine over at once.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // Taken once: a host may stop its services twice at once (the in-process test host does), and two unlocks at once
        // on one connection broke its protocol state.
        if (Interlocked.Exchange(ref _holder, null) is not { } holder)
        {
            return;
        }
        await using (holder)
        {
            if (IsLeader)
            {
                try
                {
                    // Released at once, not when the connection's close reaches the server.
                    await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({EngineLock})", holder);
                    await unlock.ExecuteNonQueryAsync(cancellationToken);
                }
                catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
                {
                    // The connection is gone, and the lock with it.
                }
            }
        }
    }

    private async Task DropHolderAsync()
    {
        if (Interlocked.Exchange(ref _holder, null) is { } holder)
        {
            await holder.DisposeAsync();
        }
    }
}
