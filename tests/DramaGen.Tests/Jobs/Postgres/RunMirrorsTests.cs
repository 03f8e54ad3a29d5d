using System.Text;
using System.Text.Json;
using DramaGen.Configuration;
using DramaGen.Jobs;
using DramaGen.Jobs.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace DramaGen.Tests.Jobs.Postgres;

/// <summary>
/// JOB_STORE=postgres, WORK_DISTRIBUTION=local: a poll of a run this instance executes is answered from a copy read once
/// and kept by this instance's own writes, without a round trip; whatever the copy cannot follow for sure makes the next
/// poll read PostgreSQL again, and a run not executed here is always read from PostgreSQL.
/// </summary>
public sealed class RunMirrorsTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateMigratedAsync();
        _services = Services(_database.ConnectionString, WorkDistributionOptions.Local);
        await Jobs.CreateAsync(Job("job_parent", parent: null));
        await Jobs.CreateManyAsync([.. Enumerable.Range(0, 12).Select(i => Job($"job_c{i}", "job_parent", order: i))]);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    private IJobStore Jobs => _services.GetRequiredService<IJobStore>();
    private IJobPolls Polls => _services.GetRequiredService<IJobPolls>();
    private IRunMirrors Mirrors => _services.GetRequiredService<IRunMirrors>();

    [Fact]
    public async Task A_run_followed_here_is_answered_without_reading_PostgreSQL_with_every_write_this_instance_made()
    {
        using var following = Mirrors.Follow("job_parent");
        Polls.Read("job_parent", children: true, offset: 0, limit: 100);
        await Jobs.UpdateAsync("job_c2", job => { job.Status = JobStatus.Running; job.Metadata["step"] = 1; });
        await Jobs.UpdateAsync("job_c3", job => job.Status = JobStatus.Running);
        await Jobs.UpdateAsync("job_c3", job => { job.Status = JobStatus.Completed; job.CostUsd = 0.25m; });
        await Jobs.UpdateAsync("job_c4", job => job.Status = JobStatus.Cancelled);
        await Jobs.UpdateAsync("job_parent", job => job.Status = JobStatus.Running);
        var expected = Expected(offset: 2, limit: 5);

        // Any read of the table now fails: the answer can only come from the copy.
        await RenameJobsTableAsync("dramagen_jobs", "dramagen_jobs_away");
        var poll = Polls.Read("job_parent", children: true, offset: 2, limit: 5)!;
        await RenameJobsTableAsync("dramagen_jobs_away", "dramagen_jobs");

        Assert.Equal(expected, Answer(poll));
        Assert.Equal(new JobCounts(Total: 12, Completed: 1, Failed: 0, Running: 1, Pending: 9, Skipped: 1), poll.Counts);
    }

    [Fact]
    public async Task A_child_created_after_the_copy_was_read_is_answered_in_creation_order()
    {
        using var following = Mirrors.Follow("job_parent");
        Polls.Read("job_parent", children: true, offset: 0, limit: 100);

        await Jobs.CreateAsync(Job("job_late", "job_parent", order: 50));
        await Jobs.UpdateAsync("job_late", job => job.Status = JobStatus.Running);

        Assert.Equal(Expected(offset: 0, limit: 100), Answer(Polls.Read("job_parent", children: true, offset: 0, limit: 100)!));
        Assert.Equal(13, Polls.Read("job_parent", children: false, offset: 0, limit: 1)!.Counts.Total);
    }

    [Fact]
    public async Task Once_the_run_is_no_longer_followed_a_poll_shows_what_another_instance_wrote()
    {
        var following = Mirrors.Follow("job_parent");
        Polls.Read("job_parent", children: true, offset: 0, limit: 100);
        following.Dispose();

        var other = new PostgresJobStore(_database.NewInstancePool());
        await other.UpdateAsync("job_c5", job => job.Status = JobStatus.Running);

        var poll = Polls.Read("job_parent", children: true, offset: 0, limit: 100)!;
        Assert.Equal(Expected(offset: 0, limit: 100), Answer(poll));
        Assert.Equal(1, poll.Counts.Running);
    }

    [Fact]
    public async Task Two_writes_of_one_job_at_once_make_the_next_poll_read_PostgreSQL_again()
    {
        using var following = Mirrors.Follow("job_parent");
        var mirror = Loaded();
        Assert.NotNull(mirror.TryRead(children: false, offset: 0, limit: 1));

        // The first write holds the row's lock in its mutation; the second, begun meanwhile, waits for it in PostgreSQL.
        using var release = new ManualResetEventSlim();
        using var mutating = new ManualResetEventSlim();
        var first = Task.Run(() => Jobs.UpdateAsync("job_c6", job => { mutating.Set(); release.Wait(Patience.Budget); job.Status = JobStatus.Running; }));
        Assert.True(mutating.Wait(Patience.Budget));
        var second = Jobs.UpdateAsync("job_c6", job => job.Status = job.Status == JobStatus.Running ? JobStatus.Completed : JobStatus.Running);
        release.Set();
        await Task.WhenAll(first, second).WithinPatience();

        Assert.Null(mirror.TryRead(children: false, offset: 0, limit: 1));
        var poll = Polls.Read("job_parent", children: true, offset: 0, limit: 100)!;
        Assert.Equal(Expected(offset: 0, limit: 100), Answer(poll));
        Assert.Equal(1, poll.Counts.Completed);
    }

    [Fact]
    public async Task A_write_whose_outcome_is_unknown_makes_the_next_poll_read_PostgreSQL_again()
    {
        using var following = Mirrors.Follow("job_parent");
        var mirror = Loaded();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Jobs.UpdateAsync("job_c7", job => job.Status = JobStatus.Running,
            new CancellationToken(canceled: true)));

        Assert.Null(mirror.TryRead(children: false, offset: 0, limit: 1));
        Assert.Equal(Expected(offset: 0, limit: 100), Answer(Polls.Read("job_parent", children: true, offset: 0, limit: 100)!));
    }

    [Fact]
    public async Task A_refused_write_keeps_the_copy()
    {
        using var following = Mirrors.Follow("job_parent");
        await Jobs.UpdateAsync("job_c8", job => job.Status = JobStatus.Completed);
        Polls.Read("job_parent", children: true, offset: 0, limit: 100);
        var mirror = _services.GetRequiredService<RunMirrors>().Find("job_parent")!;

        await Assert.ThrowsAsync<InvalidJobTransitionException>(() => Jobs.UpdateAsync("job_c8", job => job.Status = JobStatus.Pending));

        Assert.NotNull(mirror.TryRead(children: false, offset: 0, limit: 1));
        Assert.Equal(Expected(offset: 0, limit: 100), Answer(Polls.Read("job_parent", children: true, offset: 0, limit: 100)!));
    }

    [Fact]
    public async Task A_drama_deleted_here_is_no_longer_answered_from_its_copy()
    {
        using var following = Mirrors.Follow("job_parent");
        Polls.Read("job_parent", children: true, offset: 0, limit: 100);

        await Jobs.DeleteByDramaAsync("drama_mirrors");

        Assert.Null(Polls.Read("job_parent", children: true, offset: 0, limit: 100));
    }

    [Fact]
    public async Task A_run_deleted_by_another_instance_is_no_longer_answered_once_a_write_here_finds_its_job_gone()
    {
        using var following = Mirrors.Follow("job_parent");
        Polls.Read("job_parent", children: true, offset: 0, limit: 100);
        await new PostgresJobStore(_database.NewInstancePool()).DeleteByDramaAsync("drama_mirrors");

        await Assert.ThrowsAsync<KeyNotFoundException>(() => Jobs.UpdateAsync("job_c10", job => job.Status = JobStatus.Running));

        Assert.Null(Polls.Read("job_parent", children: true, offset: 0, limit: 100));
    }

    [Fact]
    public async Task With_hangfire_distribution_no_run_is_followed_and_every_poll_reads_PostgreSQL()
    {
        await using var services = Services(_database.ConnectionString, WorkDistributionOptions.Hangfire);
        using var following = services.GetRequiredService<IRunMirrors>().Follow("job_parent");
        var polls = services.GetRequiredService<IJobPolls>();
        polls.Read("job_parent", children: true, offset: 0, limit: 100);

        await new PostgresJobStore(_database.NewInstancePool()).UpdateAsync("job_c9", job => job.Status = JobStatus.Running);

        Assert.IsType<PostgresJobStore>(services.GetRequiredService<IJobStore>());
        Assert.Equal(1, polls.Read("job_parent", children: true, offset: 0, limit: 100)!.Counts.Running);
    }

    /// <summary>The followed run's copy, read by a first poll.</summary>
    private RunMirror Loaded()
    {
        Polls.Read("job_parent", children: true, offset: 0, limit: 100);
        return _services.GetRequiredService<RunMirrors>().Find("job_parent")!;
    }

    /// <summary>What PostgreSQL holds, read as another instance would: the parent, its counts, and the page's JSON.</summary>
    private List<string> Expected(int offset, int limit)
    {
        using var store = new PostgresJobStore(_database.DataSource);
        var counts = store.CountChildren("job_parent");
        return [JsonOf(store.Get("job_parent")!), JsonSerializer.Serialize(counts), .. store.ListChildren("job_parent").Skip(offset).Take(limit).Select(JsonOf)];
    }

    private static List<string> Answer(JobPoll poll) =>
        [JsonOf(poll.Job), JsonSerializer.Serialize(poll.Counts), .. poll.Children.Items.Select(Encoding.UTF8.GetString)];

    private async Task RenameJobsTableAsync(string from, string to)
    {
        await using var rename = _database.DataSource.CreateCommand($"ALTER TABLE {from} RENAME TO {to}");
        await rename.ExecuteNonQueryAsync();
    }

    private static ServiceProvider Services(string databaseUrl, string distribution) =>
        JobStoreServices.Build(databaseUrl, new Dictionary<string, string?> { ["WORK_DISTRIBUTION"] = distribution });

    private static JobRecord Job(string id, string? parent, int order = 0) => JobStoreServices.Job("drama_mirrors", id, parent, order);

    private static string JsonOf(JobRecord job) => JobStoreServices.JsonOf(job);
}
