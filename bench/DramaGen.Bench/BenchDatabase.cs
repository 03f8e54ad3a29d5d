using DramaGen.Jobs.Postgres;
using Npgsql;

namespace DramaGen.Bench;

/// <summary>
/// A database of its own on the PostgreSQL server that DATABASE_URL names, created empty for one engine and dropped after
/// it, so every measurement starts from no rows (scripts/bench-postgres.sh starts a throwaway server for it).
/// </summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly NpgsqlConnectionStringBuilder _server;

    private BenchDatabase(NpgsqlConnectionStringBuilder server, string name)
    {
        _server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    /// <summary>An Npgsql connection string of this database (DATABASE_URL takes either form).</summary>
    public string ConnectionString { get; }

    public static async Task<BenchDatabase> CreateAsync(string serverUrl)
    {
        var server = DatabaseUrl.Parse(serverUrl);
        var name = "dramagen_bench_" + Guid.NewGuid().ToString("N")[..12];
        await using var admin = NpgsqlDataSource.Create(server.ConnectionString);
        await using var create = admin.CreateCommand($"CREATE DATABASE {name}");
        await create.ExecuteNonQueryAsync();
        return new BenchDatabase(server, name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = NpgsqlDataSource.Create(_server.ConnectionString);
        await using var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
        await drop.ExecuteNonQueryAsync();
    }
}
