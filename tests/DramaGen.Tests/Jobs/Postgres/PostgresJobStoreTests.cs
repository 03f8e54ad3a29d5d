using System.Text.Json;
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
    public async Task The_child_counts_migration_counts_the_children_that_exist_and_then_follows_every_write()
    {
        await using var old = await TestDatabase.CreateAsync();
        await JobStoreSchema.MigrateAsync(old.DataSource, upTo: 1);
        await using (var connection = await old.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await PostgresJobStore.InsertAsync(connection, transaction, [Job("job_parent"), Job("job_a", "job_parent", order: 1),
                Job("job_b", "job_parent", order: 2, status: JobStatus.Completed), Job("job_c", "job_parent", order: 3, status: JobStatus.Cancelled)],
                CancellationToken.None);
            await transaction.CommitAsync();
        }

        Assert.Equal(JobStoreSchema.Version - 1, await JobStoreSchema.MigrateAsync(old.DataSource));

        var store = new PostgresJobStore(old.DataSource);
        Assert.Equal(new JobCounts(Total: 3, Completed: 1, Failed: 0, Running: 0, Pending: 1, Skipped: 1), store.CountChildren("job_parent"));
        await store.UpdateAsync("job_a", job => job.Status = JobStatus.Running);
        Assert.Equal(new JobCounts(Total: 3, Completed: 1, Failed: 0, Running: 1, Pending: 0, Skipped: 1), store.CountChildren("job_parent"));
    }

    [Fact]
    public async Task Children_updated_from_two_instances_at_once_are_all_counted()
    {
        await _store.CreateAsync(Job("job_parent"));
        await _store.CreateManyAsync([.. Enumerable.Range(0, 40).Select(i => Job($"job_c{i}", "job_parent", order: i))]);
        var other = Reopen();

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            var store = i % 2 == 0 ? _store : other;
            await store.UpdateAsync($"job_c{i}", job => job.Status = JobStatus.Running);
            await store.UpdateAsync($"job_c{i}", job => job.Status = i % 4 == 0 ? JobStatus.Failed : JobStatus.Completed);
        })));

        Assert.Equal(new JobCounts(Total: 40, Completed: 30, Failed: 10, Running: 0, Pending: 0, Skipped: 0), other.CountChildren("job_parent"));
    }

    [Fact]
    public async Task A_page_polled_again_shows_what_another_instance_changed_since_and_keeps_the_rest()
    {
        await _store.CreateAsync(Job("job_parent"));
        await _store.CreateManyAsync([.. Enumerable.Range(0, 3).Select(i => Job($"job_c{i}", "job_parent", order: i))]);
        var first = Statuses(_store.ListChildrenJson("job_parent"));

        await Reopen().UpdateAsync("job_c1", job => { job.Status = JobStatus.Running; job.Metadata["step"] = 2; });
        var again = _store.ListChildrenJson("job_parent");

        Assert.Equal(["pending", "pending", "pending"], first);
        Assert.Equal(["pending", "running", "pending"], Statuses(again));
        Assert.Equal(2, JsonDocument.Parse(again.Items[1]).RootElement.GetProperty("metadata").GetProperty("step").GetInt32());
        Assert.Equal(_store.ListChildren("job_parent").Select(job => JsonSerializer.Serialize(job, JobJson.Options)),
            again.Items.Select(System.Text.Encoding.UTF8.GetString));
    }

    private static List<string?> Statuses(RawJsonArray page) =>
        [.. page.Items.Select(item => JsonDocument.Parse(item).RootElement.GetProperty("status").GetString())];

    [Fact]
    public async Task Two_instances_updating_one_job_lose_nothing()
    {
        await _store.CreateAsync(Job("job_shared"));
        var other = Reopen();

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => (i % 2 == 0 ? _store : other).UpdateAsync("job_shared",
            job => job.Metadata["count"] = (job.Metadata["count"]?.GetValue<int>() ?? 0) + 1))));

        Assert.Equal(40, other.Get("job_shared")!.Metadata["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Updates_sent_together_each_apply_once_and_share_transactions()
    {
        await _store.CreateAsync(Job("job_parent"));
        await _store.CreateManyAsync([.. Enumerable.Range(0, 20).Select(i => Job($"job_c{i}", "job_parent", order: i))]);
        var committedBefore = await CommitsAsync();

        // Sent from one thread without waiting: all but the first few find the groups busy and go out together.
        var updates = new List<Task<JobRecord>>();
        for (var round = 0; round < 5; round++)
        {
            for (var i = 0; i < 20; i++)
            {
                var child = i;
                updates.Add(_store.UpdateAsync($"job_c{i}", job =>
                {
                    job.Metadata["count"] = (job.Metadata["count"]?.GetValue<int>() ?? 0) + 1;
                    if (job.Metadata["count"]!.GetValue<int>() == 5)
                    {
                        job.Status = child % 2 == 0 ? JobStatus.Running : JobStatus.Completed;
                    }
                }));
            }
        }
        await Task.WhenAll(updates);
        var transactions = await CommitsAsync() - committedBefore;

        var stored = Reopen().ListChildren("job_parent");
        Assert.All(stored, job => Assert.Equal(5, job.Metadata["count"]!.GetValue<int>()));
        Assert.Equal(new JobCounts(Total: 20, Completed: 10, Failed: 0, Running: 10, Pending: 0, Skipped: 0), Reopen().CountChildren("job_parent"));
        Assert.InRange(transactions, 1, 50);
    }

    [Fact]
    public async Task In_updates_sent_together_a_missing_job_or_an_illegal_transition_fails_that_update_alone()
    {
        await _store.CreateManyAsync([Job("job_done", status: JobStatus.Completed), .. Enumerable.Range(0, 30).Select(i => Job($"job_ok{i}"))]);

        var fine = Enumerable.Range(0, 30).Select(i => _store.UpdateAsync($"job_ok{i}", job => job.Status = JobStatus.Running)).ToList();
        var illegal = _store.UpdateAsync("job_done", job => { job.Status = JobStatus.Running; job.Error = "rewritten"; });
        var missing = _store.UpdateAsync("job_missing", job => job.Prompt = "x");
        var afterIllegal = _store.UpdateAsync("job_done", job => job.Metadata["touched"] = true);

        await Task.WhenAll(fine);
        await Assert.ThrowsAsync<InvalidJobTransitionException>(() => illegal);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => missing);
        Assert.True((await afterIllegal).Metadata["touched"]!.GetValue<bool>());
        var reopened = Reopen();
        Assert.All(Enumerable.Range(0, 30), i => Assert.Equal(JobStatus.Running, reopened.Get($"job_ok{i}")!.Status));
        var done = reopened.Get("job_done")!;
        Assert.Equal((JobStatus.Completed, (string?)null, true), (done.Status, done.Error, done.Metadata["touched"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task An_update_cancelled_while_it_waits_is_not_written()
    {
        await _store.CreateAsync(Job("job_kept"));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _store.UpdateAsync("job_kept", job => job.Prompt = "changed", cancelled.Token));

        Assert.Equal(Job("job_kept").Prompt, Reopen().Get("job_kept")!.Prompt);
    }

    [Fact]
    public async Task Reads_sent_together_each_get_their_own_job_and_their_runs_counts()
    {
        await _store.CreateManyAsync([Job("job_p1"), Job("job_p2"), Job("job_a", "job_p1"), Job("job_b", "job_p1", JobStatus.Completed, order: 1),
            Job("job_c", "job_p2", JobStatus.Failed, order: 2)]);

        var jobs = new[] { "job_a", "job_a", "job_missing", "job_c" }.Select(id => _store.GetAsync(id)).ToList();
        var counts = new[] { "job_p1", "job_p2", "job_missing" }.Select(id => _store.CountChildrenAsync(id)).ToList();
        var read = await Task.WhenAll(jobs);

        Assert.Equal(["job_a", "job_a", null, "job_c"], read.Select(job => job?.JobId));
        Assert.NotSame(read[0], read[1]);
        Assert.Equal(JobStatus.Failed, read[3]!.Status);
        Assert.Equal([new JobCounts(Total: 2, Completed: 1, Failed: 0, Running: 0, Pending: 1, Skipped: 0),
            new JobCounts(Total: 1, Completed: 0, Failed: 1, Running: 0, Pending: 0, Skipped: 0), JobCounts.Empty], await Task.WhenAll(counts));
    }

    /// <summary>Transactions committed in the test's database so far (the statistics flushed first).</summary>
    private async Task<long> CommitsAsync()
    {
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        await using (var flush = new NpgsqlCommand("SELECT pg_stat_force_next_flush()", connection))
        {
            await flush.ExecuteNonQueryAsync();
        }
        await using (var clear = new NpgsqlCommand("SELECT pg_stat_clear_snapshot()", connection))
        {
            await clear.ExecuteNonQueryAsync();
        }
        await using var select = new NpgsqlCommand("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()", connection);
        return (long)(await select.ExecuteScalarAsync())!;
    }
}
