using System.Text.Json;
using DramaGen.Http;
using Microsoft.Extensions.Caching.Memory;
using Npgsql;
using NpgsqlTypes;

namespace DramaGen.Jobs.Postgres;

/// <summary>
/// Job records in PostgreSQL (JOB_STORE=postgres), shared by every instance on the database: one row per job with the
/// record's JSON as its file would hold it, and the columns the listings filter and order on. An update is a
/// read-modify-write under the row's lock (SELECT ... FOR UPDATE), so writers on any instance never lose each other's
/// changes. Every write is durable: a deferred one (<see cref="JobWrite.Deferred"/>) is written at once. The synchronous
/// reads of <see cref="IJobStore"/> are synchronous queries (the engine reads job state inline while it runs).
/// </summary>
public sealed class PostgresJobStore(NpgsqlDataSource database) : IJobStore, IDisposable
{
    /// <summary>How much of the children's JSON polls keep (<see cref="ListChildrenJson"/>): 16 pages of 1,000 children.</summary>
    public const long ChildJsonCacheBytes = 16 * 1024 * 1024;

    private static readonly TimeSpan ChildJsonKept = TimeSpan.FromMinutes(5);

    private const string Columns = "job_id, drama_id, parent_job_id, status, created_at, completed_at, record";
    private static readonly string[] Final = [.. Enum.GetValues<JobStatus>().Where(status => status.IsFinal()).Select(status => status.ToWire())];
    private static readonly string[] Unfinished = [.. Enum.GetValues<JobStatus>().Where(status => !status.IsFinal()).Select(status => status.ToWire())];

    // Children's JSON as polled, by job id, with the row version it was read at.
    private readonly MemoryCache _childJson = new(new MemoryCacheOptions { SizeLimit = ChildJsonCacheBytes });

    public void Dispose() => _childJson.Dispose();

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

    public JobRecord? Get(string jobId) =>
        Query("SELECT record::text FROM dramagen_jobs WHERE job_id = $1", [jobId]).FirstOrDefault();

    public async Task<JobRecord?> GetAsync(string jobId, CancellationToken cancellationToken = default) =>
        (await QueryAsync("SELECT record::text FROM dramagen_jobs WHERE job_id = $1", [jobId], cancellationToken)).FirstOrDefault();

    public Task<JobRecord> UpdateAsync(string jobId, Action<JobRecord> mutate, CancellationToken cancellationToken = default) =>
        UpdateAsync(jobId, mutate, JobWrite.Durable, cancellationToken);

    public async Task<JobRecord> UpdateAsync(string jobId, Action<JobRecord> mutate, JobWrite write, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        JobRecord current;
        await using (var select = new NpgsqlCommand("SELECT record::text FROM dramagen_jobs WHERE job_id = $1 FOR UPDATE", connection, transaction))
        {
            select.Parameters.AddWithValue(jobId);
            current = await select.ExecuteScalarAsync(cancellationToken) is string json
                ? Read(json)
                : throw new KeyNotFoundException($"Job '{jobId}' does not exist.");
        }
        var next = JobUpdates.Apply(current, mutate);
        await using (var update = new NpgsqlCommand(
            "UPDATE dramagen_jobs SET status = $2, completed_at = $3, record = $4::json WHERE job_id = $1", connection, transaction))
        {
            update.Parameters.AddWithValue(jobId);
            update.Parameters.AddWithValue(next.Status.ToWire());
            update.Parameters.Add(new NpgsqlParameter { Value = (object?)next.CompletedAt?.ToUniversalTime() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            update.Parameters.AddWithValue(JsonOf(next));
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return next;
    }

    public async Task<IReadOnlyList<JobRecord>> ListByDramaAsync(string dramaId, CancellationToken cancellationToken = default) =>
        await QueryAsync("SELECT record::text FROM dramagen_jobs WHERE drama_id = $1 ORDER BY created_at DESC, job_id COLLATE \"C\" DESC",
            [dramaId], cancellationToken);

    public IReadOnlyList<JobRecord> ListChildren(string parentJobId) =>
        Query("SELECT record::text FROM dramagen_jobs WHERE parent_job_id = $1 ORDER BY seq", [parentJobId]);

    /// <summary>
    /// The page's ids and row versions first (a few bytes a child), then only the records this instance has not seen in
    /// that version: a poll of a 10,000-node run reads its 1,000 children's JSON (a megabyte) once, then what changed.
    /// The version is the row's xmin, the transaction that wrote it: every update writes a new row version in its own
    /// transaction, so a changed record never keeps its xmin.
    /// </summary>
    public RawJsonArray ListChildrenJson(string parentJobId, int offset = 0, int limit = int.MaxValue)
    {
        using var connection = database.OpenConnection();
        var page = new List<(string JobId, string Version)>();
        using (var select = new NpgsqlCommand(
            "SELECT job_id, xmin::text FROM dramagen_jobs WHERE parent_job_id = $1 ORDER BY seq OFFSET $2 LIMIT $3", connection))
        {
            select.Parameters.AddWithValue(parentJobId);
            select.Parameters.AddWithValue((long)offset);
            select.Parameters.AddWithValue((long)limit);
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                page.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        var json = new Dictionary<string, byte[]>(page.Count, StringComparer.Ordinal);
        var unseen = new List<string>();
        foreach (var (jobId, version) in page)
        {
            if (_childJson.TryGetValue(jobId, out (string Version, byte[] Json) cached) && cached.Version == version)
            {
                json[jobId] = cached.Json;
            }
            else
            {
                unseen.Add(jobId);
            }
        }
        if (unseen.Count > 0)
        {
            using var select = new NpgsqlCommand(
                "SELECT job_id, xmin::text, convert_to(record::text, 'UTF8') FROM dramagen_jobs WHERE job_id = ANY($1)", connection);
            select.Parameters.AddWithValue(unseen.ToArray());
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                // Perhaps newer than the page's version (written in between): cached as the version it is.
                var (jobId, version, record) = (reader.GetString(0), reader.GetString(1), reader.GetFieldValue<byte[]>(2));
                json[jobId] = record;
                _childJson.Set(jobId, (version, record),
                    new MemoryCacheEntryOptions { Size = record.Length, SlidingExpiration = ChildJsonKept });
            }
        }
        // A child deleted in between is left out.
        return new RawJsonArray([.. page.Select(child => json.GetValueOrDefault(child.JobId)).OfType<byte[]>()]);
    }

    /// <summary>A few rows the writes keep up to date (the schema's count triggers): no count over the children.</summary>
    public JobCounts CountChildren(string parentJobId)
    {
        using var connection = database.OpenConnection();
        using var count = new NpgsqlCommand(
            """
            SELECT coalesce(sum(total), 0)::int, coalesce(sum(completed), 0)::int, coalesce(sum(failed), 0)::int,
                   coalesce(sum(running), 0)::int, coalesce(sum(pending), 0)::int, coalesce(sum(skipped), 0)::int
            FROM dramagen_job_counts WHERE parent_job_id = $1
            """, connection);
        count.Parameters.AddWithValue(parentJobId);
        using var reader = count.ExecuteReader();
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

    private static JobRecord Read(string json) => JsonSerializer.Deserialize<JobRecord>(json, JobJson.Options)!;

    private static string JsonOf(JobRecord job) => JsonSerializer.Serialize(job, JobJson.Options);

    internal static void EnsureValidId(JobRecord job)
    {
        if (!Ids.IsValid(job.JobId))
        {
            throw new ArgumentException($"Invalid job id '{job.JobId}'.", nameof(job));
        }
    }
}
