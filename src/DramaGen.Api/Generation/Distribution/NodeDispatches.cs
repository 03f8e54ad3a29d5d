using DramaGen.Jobs;
using Npgsql;

namespace DramaGen.Generation.Distribution;

/// <summary>Which Hangfire job runs a node now: the claim's token, and the job once enqueued (null in between).</summary>
public sealed record NodeDispatch(Guid Token, string? HangfireJobId);

/// <summary>A claim of a node's dispatch: <paramref name="Seen"/> is the claim the claimer saw (null: none).</summary>
public sealed record NodeClaim(string JobId, Guid? Seen, Guid Token);

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

    /// <summary>
    /// <see cref="TryClaimAsync"/> for many nodes in one statement (a batch of ready nodes): each row is the same compare-and-set,
    /// decided on its own, so each node is still claimed exactly once.
    /// </summary>
    /// <returns>The job ids whose claim this call won.</returns>
    public async Task<IReadOnlySet<string>> TryClaimManyAsync(IReadOnlyList<NodeClaim> claims, CancellationToken cancellationToken = default)
    {
        await using var claim = database.CreateCommand(
            """
            INSERT INTO dramagen_node_dispatch AS d (job_id, token)
            SELECT job_id, token FROM unnest($1::text[], $3::uuid[]) AS c(job_id, token)
            ON CONFLICT (job_id) DO UPDATE SET token = EXCLUDED.token, hangfire_job_id = NULL, claimed_at = now()
            WHERE d.token = (SELECT seen FROM unnest($1::text[], $2::uuid[]) AS s(job_id, seen) WHERE s.job_id = EXCLUDED.job_id)
            RETURNING job_id
            """);
        claim.Parameters.AddWithValue(claims.Select(c => c.JobId).ToArray());
        claim.Parameters.Add(new NpgsqlParameter
        {
            Value = claims.Select(c => c.Seen).ToArray(),
            NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Uuid,
        });
        claim.Parameters.AddWithValue(claims.Select(c => c.Token).ToArray());
        var won = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            won.Add(reader.GetString(0));
        }
        return won;
    }

    /// <summary><see cref="RecordAsync"/> for the nodes of one or more Hangfire jobs, in one statement.</summary>
    public async Task RecordManyAsync(IReadOnlyList<(NodeClaim Claim, string HangfireJobId)> records, CancellationToken cancellationToken = default)
    {
        await using var update = database.CreateCommand(
            """
            UPDATE dramagen_node_dispatch d SET hangfire_job_id = r.hangfire_job_id
            FROM unnest($1::text[], $2::uuid[], $3::text[]) AS r(job_id, token, hangfire_job_id)
            WHERE d.job_id = r.job_id AND d.token = r.token
            """);
        update.Parameters.AddWithValue(records.Select(r => r.Claim.JobId).ToArray());
        update.Parameters.AddWithValue(records.Select(r => r.Claim.Token).ToArray());
        update.Parameters.AddWithValue(records.Select(r => r.HangfireJobId).ToArray());
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The claim of each node that has one, and whether its child job exists and is not final: what a batch job needs to know
    /// of its nodes before it runs them, in one statement.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, (Guid Token, bool Unfinished)>> ClaimsAsync(IReadOnlyList<string> jobIds,
        CancellationToken cancellationToken = default)
    {
        await using var select = database.CreateCommand(
            """
            SELECT d.job_id, d.token, j.status IS NOT NULL AND NOT j.status = ANY($2)
            FROM dramagen_node_dispatch d LEFT JOIN dramagen_jobs j ON j.job_id = d.job_id
            WHERE d.job_id = ANY($1)
            """);
        select.Parameters.AddWithValue(jobIds.ToArray());
        select.Parameters.AddWithValue(FinalStatuses);
        var claims = new Dictionary<string, (Guid, bool)>(StringComparer.Ordinal);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claims[reader.GetString(0)] = (reader.GetGuid(1), reader.GetBoolean(2));
        }
        return claims;
    }

    private static readonly string[] FinalStatuses =
        [.. Enum.GetValues<JobStatus>().Where(status => status.IsFinal()).Select(status => status.ToWire())];

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
