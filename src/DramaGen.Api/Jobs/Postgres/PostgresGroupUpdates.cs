using Npgsql;
using NpgsqlTypes;

namespace DramaGen.Jobs.Postgres;

/// <summary>
/// The job updates of <see cref="PostgresJobStore"/>, written in groups: the updates that arrive while earlier ones are
/// being written go together in one transaction of three statements (lock and read the rows, write them, commit), whatever
/// their number, instead of three each; the count triggers run once per group. A running engine updates dozens of child
/// jobs at once, so this is most of its PostgreSQL round trips and statements. Nothing waits for a group to fill: up to
/// <see cref="MaxGroupsInFlight"/> groups are written at once, and an update that finds a free slot goes out alone.
/// Each update still sees the latest stored version of its job under the row's lock (two updates of one job in a group are
/// applied in the order they came), and each fails alone: a missing job or an illegal transition fails that update only.
/// Groups lock their rows in job id order, so two groups never deadlock each other.
/// </summary>
internal sealed class PostgresGroupUpdates(NpgsqlDataSource database)
{
    /// <summary>Groups written at once; more updates wait for one of them to end and go out together.</summary>
    internal const int MaxGroupsInFlight = 2;

    /// <summary>Updates in one group at most (the statements' arrays stay small).</summary>
    internal const int MaxGroupSize = 128;

    /// <summary>Attempts of a group that PostgreSQL chose as a deadlock victim (against a statement outside the groups).</summary>
    private const int MaxAttempts = 3;

    private readonly Lock _lock = new();
    private readonly Queue<Update> _waiting = new();
    private int _inFlight;

    private sealed record Update(string JobId, Action<JobRecord> Mutate, TaskCompletionSource<JobRecord> Done, CancellationToken Cancellation);

    /// <summary>Read-modify-write of one job, durable when the returned task completes.</summary>
    /// <param name="cancellationToken">Cancels the update while it waits for its group; once written, it is written.</param>
    public Task<JobRecord> UpdateAsync(string jobId, Action<JobRecord> mutate, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var update = new Update(jobId, mutate, new TaskCompletionSource<JobRecord>(TaskCreationOptions.RunContinuationsAsynchronously),
            cancellationToken);
        bool start;
        lock (_lock)
        {
            _waiting.Enqueue(update);
            start = _inFlight < MaxGroupsInFlight;
            if (start)
            {
                _inFlight++;
            }
        }
        if (start)
        {
            _ = Task.Run(WriteWhileWaitingAsync);
        }
        return update.Done.Task;
    }

    private async Task WriteWhileWaitingAsync()
    {
        while (true)
        {
            var group = new List<Update>();
            lock (_lock)
            {
                while (group.Count < MaxGroupSize && _waiting.TryDequeue(out var update))
                {
                    if (update.Cancellation.IsCancellationRequested)
                    {
                        update.Done.TrySetCanceled(update.Cancellation);
                    }
                    else
                    {
                        group.Add(update);
                    }
                }
                if (group.Count == 0)
                {
                    _inFlight--;
                    return;
                }
            }
            await WriteAsync(group);
        }
    }

    private async Task WriteAsync(List<Update> group)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var outcomes = await TryWriteAsync(group);
                for (var i = 0; i < group.Count; i++)
                {
                    if (outcomes[i].Failure is { } failure)
                    {
                        group[i].Done.TrySetException(failure);
                    }
                    else
                    {
                        group[i].Done.TrySetResult(outcomes[i].Written!);
                    }
                }
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < MaxAttempts)
            {
                // Rolled back as a whole: every update is applied again to what is stored now.
            }
            catch (Exception e)
            {
                foreach (var update in group)
                {
                    update.Done.TrySetException(e);
                }
                return;
            }
        }
    }

    /// <returns>For each update of the group, in order, the snapshot it wrote or why it failed.</returns>
    private async Task<(JobRecord? Written, Exception? Failure)[]> TryWriteAsync(List<Update> group)
    {
        string[] jobIds = [.. group.Select(update => update.JobId).Distinct(StringComparer.Ordinal)];
        await using var connection = await database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var stored = new Dictionary<string, JobRecord>(StringComparer.Ordinal);
        await using (var select = new NpgsqlCommand(
            "SELECT job_id, record::text FROM dramagen_jobs WHERE job_id = ANY($1) ORDER BY job_id COLLATE \"C\" FOR UPDATE", connection, transaction))
        {
            select.Parameters.AddWithValue(jobIds);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                stored[reader.GetString(0)] = PostgresJobStore.Read(reader.GetString(1));
            }
        }
        var outcomes = new (JobRecord?, Exception?)[group.Count];
        var changed = new Dictionary<string, JobRecord>(StringComparer.Ordinal);
        for (var i = 0; i < group.Count; i++)
        {
            var update = group[i];
            if (!stored.TryGetValue(update.JobId, out var current))
            {
                outcomes[i] = (null, new KeyNotFoundException($"Job '{update.JobId}' does not exist."));
                continue;
            }
            try
            {
                var next = JobUpdates.Apply(current, update.Mutate);
                stored[update.JobId] = changed[update.JobId] = next;
                outcomes[i] = (next, null);
            }
            catch (Exception e)
            {
                outcomes[i] = (null, e);
            }
        }
        if (changed.Count > 0)
        {
            var rows = changed.Values.ToArray();
            await using var write = new NpgsqlCommand(
                """
                UPDATE dramagen_jobs j SET status = u.status, completed_at = u.completed_at, record = u.record::json
                FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[]) AS u(job_id, status, completed_at, record)
                WHERE j.job_id = u.job_id
                """, connection, transaction);
            write.Parameters.AddWithValue(rows.Select(job => job.JobId).ToArray());
            write.Parameters.AddWithValue(rows.Select(job => job.Status.ToWire()).ToArray());
            write.Parameters.Add(new NpgsqlParameter
            {
                Value = rows.Select(job => job.CompletedAt?.ToUniversalTime()).ToArray(),
                NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
            });
            write.Parameters.AddWithValue(rows.Select(PostgresJobStore.JsonOf).ToArray());
            await write.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
        return outcomes;
    }
}
