using DramaGen.Configuration;
using DramaGen.Jobs.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DramaGen.Tests.Jobs.Postgres;

/// <summary>Active/standby on one PostgreSQL: one instance runs the engine, another takes it over once the first is gone.</summary>
public sealed class PostgresEngineLeadershipTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private readonly List<ServiceProvider> _services = [];

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        foreach (var services in _services)
        {
            await services.DisposeAsync();
        }
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_second_instance_stands_by_while_the_first_leads_and_takes_over_once_the_first_has_stopped()
    {
        var first = Instance();
        var second = Instance();

        Assert.True(await first.TryLeadAsync(CancellationToken.None));
        Assert.False(await second.TryLeadAsync(CancellationToken.None));
        Assert.False(second.IsLeader);
        Assert.False(second.WhenLeaderAsync(CancellationToken.None).IsCompleted);

        await first.StopAsync(CancellationToken.None);

        Assert.True(await second.TryLeadAsync(CancellationToken.None));
        Assert.True(second.IsLeader);
        await second.WhenLeaderAsync(CancellationToken.None);
    }

    [Fact]
    public async Task The_engine_lock_is_freed_when_the_leaders_connection_dies()
    {
        var first = Instance();
        var second = Instance();
        Assert.True(await first.TryLeadAsync(CancellationToken.None));

        // What a SIGKILL does to the leader's session: the server ends it, and its advisory locks with it. Only in this test's
        // database: the tests that run at the same time on the same server have leaders of their own.
        await using (var kill = _database.DataSource.CreateCommand(
            $"""
            SELECT pg_terminate_backend(pid) FROM pg_locks
            WHERE locktype = 'advisory' AND classid = {PostgresEngineLeadership.EngineLock >> 32} AND objid = {PostgresEngineLeadership.EngineLock & 0xFFFFFFFF}
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """))
        {
            await kill.ExecuteNonQueryAsync();
        }

        Assert.True(await second.TryLeadAsync(CancellationToken.None));
    }

    /// <summary>An instance of its own (own connection pool), driven one attempt at a time.</summary>
    private PostgresEngineLeadership Instance()
    {
        var services = new ServiceCollection().AddSingleton(_ => NpgsqlDataSource.Create(_database.ConnectionString)).BuildServiceProvider();
        _services.Add(services);
        return new PostgresEngineLeadership(services,
            Options.Create(new JobStoreOptions { Kind = JobStoreOptions.Postgres, DatabaseUrl = _database.Url }),
            TimeProvider.System, NullLogger<PostgresEngineLeadership>.Instance);
    }
}
