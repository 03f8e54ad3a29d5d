using Npgsql;

namespace DramaGen.Generation.Distribution;

/// <summary>Which Hangfire job runs a node now: the claim's token, and the job once enqueued (null in between).</summary>
public sealed record NodeDispatch(Guid Token, string? HangfireJobId);

/// <summary>
/// The dispatch decisions of WORK_DISTRIBUTION=hangfire, in PostgreSQL (dramagen_node_dispatch): a node (its child job) is
/// enqueued only by whoever wins its claim, a compare-and-set in one statement, so a second leader after a failover, a
/// retry, or a leader racing a late worker never enqueues it twice. A Hangfire job runs its node only while its token is
/// the claimed one: a job a later claim superseded ends without calling anything.
/// </summary>
public sealed class NodeDispatches(NpgsqlDataSource database)
{
    public async Task<NodeDispatch?> GetAsync(string jobId, CancellationToken cancellationToken = default)
    {
        await using var select = database.CreateCommand("SELECT token, hangfire_job_id FROM dramagen_node_dispatch WHERE job_id = $1");
        select.Parameters.AddWithValue(jobId);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new NodeDispatch(reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetString(1))
            : null;
    }

    /// <summary>
    /// Claims the node's dispatch for <paramref name="token"/> if it is still as the caller saw it: unclaimed
    /// (<paramref name="seen"/> null) or still claimed by <paramref name="seen"/>. Exactly one of concurrent claimers that saw
    /// the same thing wins.
    /// </summary>
    public async Task<bool> TryClaimAsync(string jobId, Guid? seen, Guid token, CancellationToken cancellationToken = default)
    {
        await using var claim = database.CreateCommand(
            """
            INSERT INTO dramagen_node_dispatch AS d (job_id, token) VALUES ($1, $3)
            ON CONFLICT (job_id) DO UPDATE SET token = EXCLUDED.token, hangfire_job_id = NULL, claimed_at = now()
            WHERE d.token = $2
            """);
        claim.Parameters.AddWithValue(jobId);
        claim.Parameters.Add(new NpgsqlParameter { Value = (object?)seen ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        claim.Parameters.AddWithValue(token);
        return await claim.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Records the Hangfire job of a claim (unless a later claim superseded it meanwhile).</summary>
    public async Task RecordAsync(string jobId, Guid token, string hangfireJobId, CancellationToken cancellationToken = default)
    {
        await using var update = database.CreateCommand("UPDATE dramagen_node_dispatch SET hangfire_job_id = $3 WHERE job_id = $1 AND token = $2");
        update.Parameters.AddWithValue(jobId);
        update.Parameters.AddWithValue(token);
        update.Parameters.AddWithValue(hangfireJobId);
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Whether <paramref name="token"/> is still the node's claim (a Hangfire job checks before it runs its node).</summary>
    public async Task<bool> IsCurrentAsync(string jobId, Guid token, CancellationToken cancellationToken = default) =>
        (await GetAsync(jobId, cancellationToken))?.Token == token;
}
