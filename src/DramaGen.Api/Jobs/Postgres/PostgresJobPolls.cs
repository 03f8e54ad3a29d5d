using Npgsql;

namespace DramaGen.Jobs.Postgres;

/// <summary>
/// A poll on PostgreSQL in one round trip on the API's read pool (<see cref="PostgresReadPool"/>): the job's record, its
/// counts and the page of children (<see cref="PostgresChildPages"/>) as one batch of prepared statements. While a run
/// keeps PostgreSQL and both cores busy, each round trip is a wait to be scheduled, on the server and here.
/// </summary>
public sealed class PostgresJobPolls(PostgresReadPool pool) : IJobPolls, IDisposable
{
    private readonly PostgresChildPages _pages = new();

    public void Dispose() => _pages.Dispose();

    public JobPoll? Read(string jobId, bool children, int offset, int limit)
    {
        using var connection = pool.DataSource.OpenConnection();
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
}
