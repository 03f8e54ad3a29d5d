using DramaGen.Jobs;
using DramaGen.Jobs.Postgres;
using Npgsql;

namespace DramaGen.Tests.Jobs.Postgres;

/// <summary>JOB_STORE=postgres: the job store contract on a real PostgreSQL, plus its schema's start-up migration.</summary>
public sealed class PostgresJobStoreTests : JobStoreContract, IAsyncLifetime
{
    private TestDatabase _database = null!;
    private PostgresJobStore _store = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await JobStoreSchema.MigrateAsync(_database.DataSource);
        _store = new PostgresJobStore(_database.DataSource);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    protected override IJobStore Store => _store;

    // Another instance: its own connection pool on the same database.
    protected override IJobStore Reopen() => new PostgresJobStore(NpgsqlDataSource.Create(_database.ConnectionString));

    [Fact]
    public async Task Instances_starting_at_once_migrate_the_schema_once_and_all_start()
    {
        await using var fresh = await TestDatabase.CreateAsync();

        var applied = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            await using var instance = NpgsqlDataSource.Create(fresh.ConnectionString);
            return await JobStoreSchema.MigrateAsync(instance);
        })));

        Assert.Equal(JobStoreSchema.Version, applied.Sum());
        Assert.Equal(0, await JobStoreSchema.MigrateAsync(fresh.DataSource));
        await using var versions = fresh.DataSource.CreateCommand("SELECT count(*) FROM dramagen_schema_migrations");
        Assert.Equal((long)JobStoreSchema.Version, await versions.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Two_instances_updating_one_job_lose_nothing()
    {
        await _store.CreateAsync(Job("job_shared"));
        var other = Reopen();

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => (i % 2 == 0 ? _store : other).UpdateAsync("job_shared",
            job => job.Metadata["count"] = (job.Metadata["count"]?.GetValue<int>() ?? 0) + 1))));

        Assert.Equal(40, other.Get("job_shared")!.Metadata["count"]!.GetValue<int>());
    }
}
