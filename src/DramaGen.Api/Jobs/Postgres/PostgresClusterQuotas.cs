using DramaGen.Pacing;
using Npgsql;

namespace DramaGen.Jobs.Postgres;

/// <summary>
/// Request quotas and 429 pauses in PostgreSQL (JOB_STORE=postgres), so three replicas do not triple the requests a provider
/// sees. A permit is a row of dramagen_request_permits until one window after its request was answered, like the sliding log
/// of <see cref="RequestQuota"/>: no window of a minute, wherever it starts, holds more than the quota. Whether a permit fits
/// is decided under a transaction-scoped advisory lock per capability, in one round trip. A permit of an instance that died
/// before its request was answered comes back after <see cref="UnansweredHold"/>. Times are this instance's clock
/// (the service's TimeProvider), so the instances' clocks are assumed to agree to within a second or so.
/// </summary>
public sealed class PostgresClusterQuotas(NpgsqlDataSource database, ClusterThrottles throttles, TimeProvider clock,
    ILogger<PostgresClusterQuotas> logger) : IClusterQuotas
{
    /// <summary>How long a permit whose request was never marked answered holds (its instance died mid-request).</summary>
    public static readonly TimeSpan UnansweredHold = TimeSpan.FromMinutes(10);

    /// <summary>The longest a waiter sleeps before it looks again: a permit answered early on another instance frees room sooner than its row said.</summary>
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>The first key of the capabilities' advisory locks ("DrmQ"); the second is the capability's hash.</summary>
    private const int LockSpace = 0x44_72_6D_51;

    public async Task<IClusterPermit?> TakeAsync(CapacityPool pool, CancellationToken cancellationToken)
    {
        if (pool.RequestsPerMinute <= 0)
        {
            return null;
        }
        while (true)
        {
            var (permit, retryAt) = await TryTakeAsync(pool.Name, pool.RequestsPerMinute, cancellationToken);
            if (permit is not null)
            {
                return permit;
            }
            var wait = retryAt - clock.GetUtcNow();
            await Task.Delay(wait < TimeSpan.Zero ? TimeSpan.Zero : wait > RecheckInterval ? RecheckInterval : wait, clock, cancellationToken);
        }
    }

    /// <summary>
    /// One look: a permit when the capability is not paused and its last window holds fewer than <paramref name="perMinute"/>;
    /// otherwise null and when to look again (the pause's end, or the earliest moment a permit comes back).
    /// </summary>
    public async Task<(IClusterPermit? Permit, DateTimeOffset RetryAt)> TryTakeAsync(string capability, int perMinute, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        // A batch runs as one implicit transaction: the lock is held until its last statement.
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                Command("SELECT pg_advisory_xact_lock($1, hashtext($2))", LockSpace, capability),
                Command("DELETE FROM dramagen_request_permits WHERE capability = $1 AND expires_at <= $2", capability, now),
                Command(
                    """
                    WITH live AS (SELECT count(*) AS held, min(expires_at) AS next FROM dramagen_request_permits
                                  WHERE capability = $1 AND expires_at > $2),
                         pause AS (SELECT coalesce(max(paused_until), $2) AS until FROM dramagen_provider_pauses WHERE capability = $1),
                         taken AS (INSERT INTO dramagen_request_permits (capability, expires_at)
                                   SELECT $1, $3 FROM live, pause WHERE live.held < $4 AND pause.until <= $2 RETURNING id)
                    SELECT (SELECT id FROM taken), live.next, pause.until FROM live, pause
                    """, capability, now, now + UnansweredHold, perMinute),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        // The lock's (empty) result comes first; the decision is the last statement's row.
        while (reader.FieldCount != 3 && await reader.NextResultAsync(cancellationToken))
        {
        }
        await reader.ReadAsync(cancellationToken);
        if (!reader.IsDBNull(0))
        {
            return (new Permit(this, reader.GetInt64(0)), now);
        }
        var pausedUntil = ReadTime(reader, 2);
        if (pausedUntil > now)
        {
            return (null, pausedUntil);
        }
        return (null, reader.IsDBNull(1) ? now : ReadTime(reader, 1));
    }

    public async Task ReportThrottledAsync(CapacityPool pool, TimeSpan? retryAfter, CancellationToken cancellationToken)
    {
        var until = clock.GetUtcNow() + CapacityPool.PauseOf(retryAfter);
        try
        {
            await using var pause = database.CreateCommand(
                """
                INSERT INTO dramagen_provider_pauses AS p (capability, paused_until) VALUES ($1, $2)
                ON CONFLICT (capability) DO UPDATE SET paused_until = greatest(p.paused_until, EXCLUDED.paused_until)
                """);
            pause.Parameters.AddWithValue(pool.Name);
            pause.Parameters.AddWithValue(until);
            await pause.ExecuteNonQueryAsync(cancellationToken);
            await throttles.ShareAsync(pool.Name, until, cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            // This instance has paused already; the others learn of the provider's quota from their own 429s.
            logger.LogWarning(e, "The 429 of {Capability} could not be shared with the other instances", pool.Name);
        }
    }

    private async Task AnsweredAsync(long id)
    {
        try
        {
            await using var answered = database.CreateCommand("UPDATE dramagen_request_permits SET expires_at = $2 WHERE id = $1");
            answered.Parameters.AddWithValue(id);
            answered.Parameters.AddWithValue(clock.GetUtcNow() + Window);
            await answered.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            logger.LogWarning(e, "A request permit could not be marked answered; it comes back after {Hold}", UnansweredHold);
        }
    }

    private static DateTimeOffset ReadTime(NpgsqlDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        return command;
    }

    private sealed class Permit(PostgresClusterQuotas quotas, long id) : IClusterPermit
    {
        private int _answered;

        public Task AnsweredAsync() => Interlocked.Exchange(ref _answered, 1) == 0 ? quotas.AnsweredAsync(id) : Task.CompletedTask;
    }
}
