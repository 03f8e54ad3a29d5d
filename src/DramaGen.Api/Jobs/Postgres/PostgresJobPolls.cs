using Npgsql;

namespace DramaGen.Jobs.Postgres;

/// <summary>
/// A poll on PostgreSQL. A run this instance executes entirely is answered from its <see cref="RunMirror"/>, read once and
/// kept by this instance's own writes: no round trip, so no wait for the server and both cores that the run keeps busy.
/// Any other job in one round trip on the API's read pool (<see cref="PostgresReadPool"/>): the job's record, its counts
/// and the page of children (<see cref="PostgresChildPages"/>) as one batch of prepared statements, so a poll on one
/// instance sees at once what another one wrote.
/// </summary>
public sealed class PostgresJobPolls : IJobPolls, IDisposable
{
    private const string ChildrenSql =
        "SELECT job_id, status, convert_to(record::text, 'UTF8') FROM dramagen_jobs WHERE parent_job_id = $1 ORDER BY seq";

    private readonly PostgresReadPool _pool;
    private readonly RunMirrors? _mirrors;
    private readonly PostgresChildPages _pages = new();

    public PostgresJobPolls(PostgresReadPool pool) : this(pool, null)
    {
    }

    internal PostgresJobPolls(PostgresReadPool pool, RunMirrors? mirrors)
    {
        _pool = pool;
        _mirrors = mirrors;
    }

    public void Dispose() => _pages.Dispose();

    public JobPoll? Read(string jobId, bool children, int offset, int limit)
    {
        if (_mirrors?.Find(jobId) is { } mirror
            && (mirror.TryRead(children, offset, limit) ?? (Load(jobId, mirror) ? mirror.TryRead(children, offset, limit) : null)) is { } answered)
        {
            return answered;
        }
        return ReadFromDatabase(jobId, children, offset, limit);
    }

    private JobPoll? ReadFromDatabase(string jobId, bool children, int offset, int limit)
    {
        using var connection = _pool.DataSource.OpenConnection();
        using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(PostgresJobStore.GetSql) { Parameters = { new NpgsqlParameter<string> { TypedValue = jobId } } },
                new NpgsqlBatchCommand(PostgresJobStore.CountChildrenSql) { Parameters = { new NpgsqlParameter<string> { TypedValue = jobId } } },
            },
        };
        var page = children ? _pages.Read(jobId, offset, limit) : null;
        if (page is not null)
        {
            batch.BatchCommands.Add(page.Command);
        }
        // Prepared once per connection of the pool (Npgsql keeps them), then only bound and executed.
        batch.Prepare();
        using var reader = batch.ExecuteReader();
        var job = reader.Read() ? PostgresJobStore.Read(reader.GetString(0)) : null;
        reader.NextResult();
        var counts = PostgresJobStore.ReadCounts(reader);
        reader.NextResult();
        var json = page?.ReadFrom(reader) ?? new RawJsonArray([]);
        return job is null ? null : new JobPoll(job, counts, json);
    }

    /// <summary>Reads the followed run's parent and all its children into its copy, unless another poll is at it.</summary>
    /// <returns>Whether the copy was loaded.</returns>
    private bool Load(string parentJobId, RunMirror mirror)
    {
        if (mirror.BeginLoad() is not { } ticket)
        {
            return false;
        }
        try
        {
            using var connection = _pool.DataSource.OpenConnection();
            using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand(PostgresJobStore.GetSql) { Parameters = { new NpgsqlParameter<string> { TypedValue = parentJobId } } },
                    new NpgsqlBatchCommand(ChildrenSql) { Parameters = { new NpgsqlParameter<string> { TypedValue = parentJobId } } },
                },
            };
            using var reader = batch.ExecuteReader();
            if (!reader.Read())
            {
                mirror.AbortLoad(ticket);
                return false;
            }
            var parent = System.Text.Encoding.UTF8.GetBytes(reader.GetString(0));
            reader.NextResult();
            var children = new List<(string, JobStatus, byte[])>();
            while (reader.Read())
            {
                children.Add((reader.GetString(0), StatusOf(reader.GetString(1)), reader.GetFieldValue<byte[]>(2)));
            }
            mirror.CompleteLoad(ticket, parent, children);
            return true;
        }
        catch
        {
            mirror.AbortLoad(ticket);
            throw;
        }
    }

    private static JobStatus StatusOf(string wire) =>
        JobStatuses.TryParse(wire, out var status) ? status : throw new InvalidOperationException($"Unknown job status '{wire}' in dramagen_jobs.");
}
