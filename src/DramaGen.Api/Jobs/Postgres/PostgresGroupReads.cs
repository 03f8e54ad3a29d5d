using Npgsql;

namespace DramaGen.Jobs.Postgres;

/// <summary>
/// The engine's frequent reads of <see cref="PostgresJobStore"/>, in groups (<see cref="CallGroups{TRequest, TResult}"/>):
/// a node's child job (the leader reads it once told the node ended; an executing instance reads a node's dependencies) and
/// a run's counts (published after each node's update). The reads that arrive together are one statement. A group is sent
/// after its calls arrived, so each read sees every write that ended before it was asked for; counts go one group at a time,
/// so a later count is never older than an earlier one.
/// </summary>
internal sealed class PostgresGroupReads
{
    private readonly NpgsqlDataSource _database;
    private readonly CallGroups<string, JobRecord?> _jobs;
    private readonly CallGroups<string, JobCounts> _counts;

    public PostgresGroupReads(NpgsqlDataSource database)
    {
        _database = database;
        _jobs = new CallGroups<string, JobRecord?>(ReadJobsAsync);
        _counts = new CallGroups<string, JobCounts>(CountAsync, maxGroupsInFlight: 1);
    }

    public Task<JobRecord?> GetAsync(string jobId, CancellationToken cancellationToken) => _jobs.CallAsync(jobId, cancellationToken);

    public Task<JobCounts> CountChildrenAsync(string parentJobId, CancellationToken cancellationToken) =>
        _counts.CallAsync(parentJobId, cancellationToken);

    private async Task<CallOutcome<JobRecord?>[]> ReadJobsAsync(IReadOnlyList<string> jobIds)
    {
        var found = new Dictionary<string, JobRecord>(StringComparer.Ordinal);
        await using var select = _database.CreateCommand("SELECT job_id, record::text FROM dramagen_jobs WHERE job_id = ANY($1)");
        select.Parameters.AddWithValue(jobIds.Distinct(StringComparer.Ordinal).ToArray());
        await using (var reader = await select.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                found[reader.GetString(0)] = PostgresJobStore.Read(reader.GetString(1));
            }
        }
        // A job asked for twice gets a record of its own each time: callers never share a snapshot.
        var handedOut = new HashSet<string>(StringComparer.Ordinal);
        return [.. jobIds.Select(jobId => CallOutcome<JobRecord?>.Of(
            !found.TryGetValue(jobId, out var job) ? null : handedOut.Add(jobId) ? job : job.Clone()))];
    }

    private async Task<CallOutcome<JobCounts>[]> CountAsync(IReadOnlyList<string> parentJobIds)
    {
        var counts = new Dictionary<string, JobCounts>(StringComparer.Ordinal);
        await using var select = _database.CreateCommand(
            """
            SELECT parent_job_id, sum(total)::int, sum(completed)::int, sum(failed)::int, sum(running)::int, sum(pending)::int, sum(skipped)::int
            FROM dramagen_job_counts WHERE parent_job_id = ANY($1) GROUP BY parent_job_id
            """);
        select.Parameters.AddWithValue(parentJobIds.Distinct(StringComparer.Ordinal).ToArray());
        await using (var reader = await select.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                counts[reader.GetString(0)] = new JobCounts(reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4),
                    reader.GetInt32(5), reader.GetInt32(6));
            }
        }
        return [.. parentJobIds.Select(parentJobId => CallOutcome<JobCounts>.Of(counts.GetValueOrDefault(parentJobId, JobCounts.Empty)))];
    }
}
