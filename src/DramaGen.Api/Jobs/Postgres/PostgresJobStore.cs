using System.Text.Json;
using DramaGen.Http;
using Npgsql;

namespace DramaGen.Jobs.Postgres;

/// <summary>
/// Job records in PostgreSQL (JOB_STORE=postgres), shared by every instance on the database: one row per job with the
/// record's JSON as its file would hold it, and the columns the listings filter and order on. An update is a
/// read-modify-write under the row's lock (SELECT ... FOR UPDATE), so writers on any instance never lose each other's
/// changes; the updates that arrive together share one transaction (<see cref="PostgresGroupUpdates"/>). Every write is durable: a deferred one (<see cref="JobWrite.Deferred"/>) is written at once. The synchronous
/// reads of <see cref="IJobStore"/> are synchronous queries (the engine reads job state inline while it runs).
/// </summary>
public sealed class PostgresJobStore(NpgsqlDataSource database) : IJobStore, IDisposable
{
    private const string Columns = "job_id, drama_id, parent_job_id, status, created_at, completed_at, record";
    private static readonly string[] Final = [.. Enum.GetValues<JobStatus>().Where(status => status.IsFinal()).Select(status => status.ToWire())];
    private static readonly string[] Unfinished = [.. Enum.GetValues<JobStatus>().Where(status => !status.IsFinal()).Select(status => status.ToWire())];

    private readonly PostgresChildPages _childPages = new();
    private readonly PostgresGroupUpdates _updates = new(database);
    private readonly PostgresGroupReads _reads = new(database);

    public void Dispose() => _childPages.Dispose();

    public async Task<JobRecord> CreateAsync(JobRecord job, CancellationToken cancellationToken = default)
    {
        var created = await CreateManyAsync([job], JobWrite.Durable, cancellationToken);
        return created[0];
    }

    /// <summary>One statement in one transaction: all or none; identities follow the given order.</summary>
    public async Task<IReadOnlyList<JobRecord>> CreateManyAsync(IReadOnlyList<JobRecord> jobs, JobWrite write = JobWrite.Durable,
        CancellationToken cancellationToken = default)
    {
        var snapshots = jobs.Select(job => { EnsureValidId(job); return job.Clone(); }).ToArray();
        if (snapshots.DistinctBy(job => job.JobId).Count() != snapshots.Length)
        {
            throw new InvalidOperationException("A job id exists already.");
        }
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await InsertAsync(connection, transaction, snapshots, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return snapshots;
    }

    /// <summary>Inserts new jobs (already cloned and checked) in the caller's transaction; identities follow the given order.</summary>
    /// <exception cref="InvalidOperationException">A job id exists already.</exception>
    internal static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<JobRecord> snapshots,
        CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand(
            $"""
            INSERT INTO dramagen_jobs ({Columns})
            SELECT j, d, p, s, c, f, r::json
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::text[])
                 WITH ORDINALITY AS t(j, d, p, s, c, f, r, n)
            ORDER BY n
            ON CONFLICT (job_id) DO NOTHING
            """, connection, transaction);
        insert.Parameters.AddWithValue(snapshots.Select(job => job.JobId).ToArray());
        insert.Parameters.AddWithValue(snapshots.Select(job => job.DramaId).ToArray());
        insert.Parameters.AddWithValue(snapshots.Select(job => job.ParentJobId).ToArray());
        insert.Parameters.AddWithValue(snapshots.Select(job => job.Status.ToWire()).ToArray());
        insert.Parameters.AddWithValue(snapshots.Select(job => job.CreatedAt.ToUniversalTime()).ToArray());
        insert.Parameters.AddWithValue(snapshots.Select(job => job.CompletedAt?.ToUniversalTime()).ToArray());
        insert.Parameters.AddWithValue(snapshots.Select(JsonOf).ToArray());
        var inserted = await insert.ExecuteNonQueryAsync(cancellationToken);
        if (inserted != snapshots.Count)
        {
            throw new InvalidOperationException(snapshots.Count == 1 ? $"Job '{snapshots[0].JobId}' exists already." : "A job id exists already.");
        }
    }

    public JobRecord? Get(string jobId) => Query(GetSql, [jobId]).FirstOrDefault();

    /// <summary>A job's record ($1 its id): no row when there is no such job.</summary>
    internal const string GetSql = "SELECT record::text FROM dramagen_jobs WHERE job_id = $1";

    /// <summary>Read with the other reads of jobs that arrive at the same time, in one statement (<see cref="PostgresGroupReads"/>).</summary>
    public Task<JobRecord?> GetAsync(string jobId, CancellationToken cancellationToken = default) => _reads.GetAsync(jobId, cancellationToken);

    public Task<JobRecord> UpdateAsync(string jobId, Action<JobRecord> mutate, CancellationToken cancellationToken = default) =>
        UpdateAsync(jobId, mutate, JobWrite.Durable, cancellationToken);

    /// <summary>Written with the updates that arrive at the same time, in one transaction (<see cref="PostgresGroupUpdates"/>).</summary>
    public Task<JobRecord> UpdateAsync(string jobId, Action<JobRecord> mutate, JobWrite write, CancellationToken cancellationToken = default) =>
        _updates.UpdateAsync(jobId, mutate, cancellationToken);

    public async Task<IReadOnlyList<JobRecord>> ListByDramaAsync(string dramaId, CancellationToken cancellationToken = default) =>
        await QueryAsync("SELECT record::text FROM dramagen_jobs WHERE drama_id = $1 ORDER BY created_at DESC, job_id COLLATE \"C\" DESC",
            [dramaId], cancellationToken);

    public IReadOnlyList<JobRecord> ListChildren(string parentJobId) =>
        Query("SELECT record::text FROM dramagen_jobs WHERE parent_job_id = $1 ORDER BY seq", [parentJobId]);

    /// <summary>The page's records only where they changed since this instance last read it (<see cref="PostgresChildPages"/>).</summary>
    public RawJsonArray ListChildrenJson(string parentJobId, int offset = 0, int limit = int.MaxValue)
    {
        using var connection = database.OpenConnection();
        var page = _childPages.Read(parentJobId, offset, limit);
        using var batch = new NpgsqlBatch(connection) { BatchCommands = { page.Command } };
        using var reader = batch.ExecuteReader();
        return page.ReadFrom(reader);
    }

    /// <summary>A few rows the writes keep up to date (the schema's count triggers): no count over the children.</summary>
    public JobCounts CountChildren(string parentJobId)
    {
        using var connection = database.OpenConnection();
        using var count = new NpgsqlCommand(CountChildrenSql, connection);
        count.Parameters.AddWithValue(parentJobId);
        using var reader = count.ExecuteReader();
        return ReadCounts(reader);
    }

    /// <summary>Counted with the other counts asked for at the same time, in one statement (<see cref="PostgresGroupReads"/>).</summary>
    public Task<JobCounts> CountChildrenAsync(string parentJobId, CancellationToken cancellationToken = default) =>
        _reads.CountChildrenAsync(parentJobId, cancellationToken);

    /// <summary>A parent's counts: the sum of its rows in dramagen_job_counts ($1 the parent's id).</summary>
    internal const string CountChildrenSql =
        """
        SELECT coalesce(sum(total), 0)::int, coalesce(sum(completed), 0)::int, coalesce(sum(failed), 0)::int,
               coalesce(sum(running), 0)::int, coalesce(sum(pending), 0)::int, coalesce(sum(skipped), 0)::int
        FROM dramagen_job_counts WHERE parent_job_id = $1
        """;

    /// <summary>The one row of <see cref="CountChildrenSql"/>, the reader at its result set.</summary>
    internal static JobCounts ReadCounts(NpgsqlDataReader reader)
    {
        reader.Read();
        return new JobCounts(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5));
    }

    public IReadOnlyList<JobRecord> ListUnfinished() =>
        Query("SELECT record::text FROM dramagen_jobs WHERE status = ANY($1) ORDER BY created_at, job_id COLLATE \"C\"", [Unfinished]);

    public IReadOnlyList<JobRecord> ListAll() =>
        Query("SELECT record::text FROM dramagen_jobs ORDER BY created_at, job_id COLLATE \"C\"", []);

    /// <summary>Nothing waits: every write was durable.</summary>
    public Task<int> FlushDeferredAsync(TimeSpan minimumAge, CancellationToken cancellationToken = default) => Task.FromResult(0);

    public async Task DeleteByDramaAsync(string dramaId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var delete = new NpgsqlCommand("DELETE FROM dramagen_jobs WHERE drama_id = $1", connection);
        delete.Parameters.AddWithValue(dramaId);
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> DeleteFinishedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var delete = new NpgsqlCommand(
            """
            WITH doomed AS (
                SELECT p.job_id FROM dramagen_jobs p
                WHERE p.parent_job_id IS NULL AND p.status = ANY($2) AND coalesce(p.completed_at, p.created_at) < $1
                  AND NOT EXISTS (SELECT 1 FROM dramagen_jobs c WHERE c.parent_job_id = p.job_id AND NOT c.status = ANY($2)))
            DELETE FROM dramagen_jobs
            WHERE job_id IN (SELECT job_id FROM doomed) OR parent_job_id IN (SELECT job_id FROM doomed)
            """, connection);
        delete.Parameters.AddWithValue(cutoff.ToUniversalTime());
        delete.Parameters.AddWithValue(Final);
        return await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    public string Kind => Configuration.JobStoreOptions.Postgres;

    public async Task CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var ping = new NpgsqlCommand("SELECT 1 FROM dramagen_jobs LIMIT 1", connection);
        await ping.ExecuteScalarAsync(cancellationToken);
    }

    private List<JobRecord> Query(string sql, object[] parameters)
    {
        using var connection = database.OpenConnection();
        using var select = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            select.Parameters.AddWithValue(parameter);
        }
        using var reader = select.ExecuteReader();
        var records = new List<JobRecord>();
        while (reader.Read())
        {
            records.Add(Read(reader.GetString(0)));
        }
        return records;
    }

    private async Task<List<JobRecord>> QueryAsync(string sql, object[] parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var select = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            select.Parameters.AddWithValue(parameter);
        }
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var records = new List<JobRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(Read(reader.GetString(0)));
        }
        return records;
    }

    internal static JobRecord Read(string json) => JsonSerializer.Deserialize<JobRecord>(json, JobJson.Options)!;

    internal static string JsonOf(JobRecord job) => JsonSerializer.Serialize(job, JobJson.Options);

    internal static void EnsureValidId(JobRecord job)
    {
        if (!Ids.IsValid(job.JobId))
        {
            throw new ArgumentException($"Invalid job id '{job.JobId}'.", nameof(job));
        }
    }
}
