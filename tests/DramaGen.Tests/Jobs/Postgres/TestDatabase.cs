using DramaGen.Jobs.Postgres;
using Npgsql;

namespace DramaGen.Tests.Jobs.Postgres;

/// <summary>
/// A database of its own on the throwaway PostgreSQL that scripts/test.sh starts (DRAMAGEN_TEST_DATABASE_URL names its
/// server), dropped at the end: every test starts from nothing, and migrations run from scratch.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string Variable = "DRAMAGEN_TEST_DATABASE_URL";

    private readonly NpgsqlConnectionStringBuilder _server;
    private readonly List<NpgsqlDataSource> _instances = [];

    private TestDatabase(NpgsqlConnectionStringBuilder server, string name)
    {
        _server = server;
        Name = name;
        var own = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name };
        ConnectionString = own.ConnectionString;
        Url = $"postgresql://{Uri.EscapeDataString(own.Username ?? "")}@{own.Host}:{own.Port}/{name}";
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    public string Name { get; }

    /// <summary>An Npgsql connection string of this database.</summary>
    public string ConnectionString { get; }

    /// <summary>The same database in DATABASE_URL's URL form.</summary>
    public string Url { get; }

    public NpgsqlDataSource DataSource { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var url = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(url))
        {
            throw new InvalidOperationException(
                $"{Variable} is not set: run the suite through scripts/test.sh, which starts a throwaway PostgreSQL and sets it.");
        }
        var server = DatabaseUrl.Parse(url);
        var name = "dramagen_test_" + Guid.NewGuid().ToString("N")[..12];
        await using var admin = NpgsqlDataSource.Create(server.ConnectionString);
        await using var create = admin.CreateCommand($"CREATE DATABASE {name}");
        await create.ExecuteNonQueryAsync();
        return new TestDatabase(server, name);
    }

    /// <summary>A database of its own with the job store's schema migrated.</summary>
    public static async Task<TestDatabase> CreateMigratedAsync()
    {
        var database = await CreateAsync();
        await JobStoreSchema.MigrateAsync(database.DataSource);
        return database;
    }

    /// <summary>What another instance would have: its own connection pool on this database (disposed with it).</summary>
    public NpgsqlDataSource NewInstancePool()
    {
        var pool = NpgsqlDataSource.Create(ConnectionString);
        lock (_instances)
        {
            _instances.Add(pool);
        }
        return pool;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var pool in _instances)
        {
            await pool.DisposeAsync();
        }
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = NpgsqlDataSource.Create(_server.ConnectionString);
        await using var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
        await drop.ExecuteNonQueryAsync();
    }
}
