using DramaGen.Configuration;
using Npgsql;

namespace DramaGen.Jobs.Postgres;

/// <summary>
/// The API's own connections for job polls (DATABASE_READ_POOL_SIZE of them), apart from the pool the engine writes
/// through: a run that holds every connection of that one makes no poll wait for a connection.
/// </summary>
public sealed class PostgresReadPool : IDisposable
{
    public PostgresReadPool(JobStoreOptions options)
    {
        var connection = PostgresPools.Prepared(DatabaseUrl.Parse(options.DatabaseUrl!));
        connection.MaxPoolSize = options.ReadPoolSize;
        connection.MinPoolSize = Math.Min(connection.MinPoolSize, options.ReadPoolSize);
        // Which connections are the reads', on the server (pg_stat_activity).
        connection.ApplicationName = string.IsNullOrEmpty(connection.ApplicationName) ? "dramagen-reads" : connection.ApplicationName + "-reads";
        DataSource = NpgsqlDataSource.Create(connection);
    }

    public NpgsqlDataSource DataSource { get; }

    public void Dispose() => DataSource.Dispose();
}
