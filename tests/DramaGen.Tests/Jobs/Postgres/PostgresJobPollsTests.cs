using System.Text.Json;
using DramaGen.Configuration;
using DramaGen.Jobs;
using DramaGen.Jobs.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DramaGen.Tests.Jobs.Postgres;

/// <summary>
/// JOB_STORE=postgres: a job poll reads the job, its counts and a page of its children in one round trip on the API's
/// own connection pool, and answers what the store holds, whichever instance wrote it.
/// </summary>
public sealed class PostgresJobPollsTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateMigratedAsync();
        _services = Services(_database.ConnectionString, readPoolSize: 2);
        await Jobs.CreateAsync(Child("job_parent", parent: null));
        await Jobs.CreateManyAsync([.. Enumerable.Range(0, 30).Select(i => Child($"job_c{i}", "job_parent", order: i))]);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    private IJobStore Jobs => _services.GetRequiredService<IJobStore>();
    private IJobPolls Polls => _services.GetRequiredService<IJobPolls>();

    [Fact]
    public async Task A_poll_answers_the_job_its_counts_and_the_page_as_the_store_holds_them()
    {
        await Jobs.UpdateAsync("job_c11", job => job.Status = JobStatus.Running);
        await Jobs.UpdateAsync("job_c12", job => job.Status = JobStatus.Failed);

        var poll = Polls.Read("job_parent", children: true, offset: 10, limit: 5)!;

        Assert.Equal(JsonOf(Jobs.Get("job_parent")!), JsonOf(poll.Job));
        Assert.Equal(new JobCounts(Total: 30, Completed: 0, Failed: 1, Running: 1, Pending: 28, Skipped: 0), poll.Counts);
        Assert.Equal(Jobs.ListChildren("job_parent").Skip(10).Take(5).Select(JsonOf), poll.Children.Items.Select(System.Text.Encoding.UTF8.GetString));
    }

    [Fact]
    public void A_poll_of_no_such_job_is_null_and_one_without_children_reads_no_page()
    {
        Assert.Null(Polls.Read("job_none", children: true, offset: 0, limit: 10));

        var countsOnly = Polls.Read("job_parent", children: false, offset: 0, limit: 10)!;

        Assert.Equal(30, countsOnly.Counts.Total);
        Assert.Equal(0, countsOnly.Children.Count);
    }

    [Fact]
    public async Task A_page_polled_again_shows_every_change_another_instance_made_since_and_keeps_the_rest()
    {
        var first = Polls.Read("job_parent", children: true, offset: 0, limit: 20)!;
        var other = new PostgresJobStore(_database.NewInstancePool());
        await other.UpdateAsync("job_c3", job => { job.Status = JobStatus.Running; job.Metadata["step"] = 2; });
        await other.UpdateAsync("job_c19", job => job.Status = JobStatus.Skipped);
        await other.CreateAsync(Child("job_late", "job_parent", order: 40));

        var again = Polls.Read("job_parent", children: true, offset: 0, limit: 40)!;
        var samePageAgain = Polls.Read("job_parent", children: true, offset: 0, limit: 20)!;

        Assert.Equal(Enumerable.Repeat("pending", 20), Statuses(first.Children));
        Assert.Equal(new JobCounts(Total: 31, Completed: 0, Failed: 0, Running: 1, Pending: 29, Skipped: 1), again.Counts);
        Assert.Equal(Jobs.ListChildren("job_parent").Select(JsonOf), again.Children.Items.Select(System.Text.Encoding.UTF8.GetString));
        Assert.Equal(Jobs.ListChildren("job_parent").Take(20).Select(JsonOf), samePageAgain.Children.Items.Select(System.Text.Encoding.UTF8.GetString));
        Assert.Equal("running", Statuses(samePageAgain.Children)[3]);
        Assert.Equal("skipped", Statuses(samePageAgain.Children)[19]);
        // Unchanged children are the bytes the first poll read, not read again.
        Assert.Same(first.Children.Items[0], samePageAgain.Children.Items[0]);
        Assert.NotSame(first.Children.Items[3], samePageAgain.Children.Items[3]);
    }

    [Fact]
    public async Task A_poll_gets_a_connection_while_the_engine_pool_has_none_left()
    {
        await using var services = Services(_database.ConnectionString + ";Maximum Pool Size=1", readPoolSize: 1);
        await using var held = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();

        var poll = services.GetRequiredService<IJobPolls>().Read("job_parent", children: true, offset: 0, limit: 5);

        Assert.Equal((30, 5), (poll!.Counts.Total, poll.Children.Count));
    }

    [Fact]
    public async Task Polls_at_once_share_at_most_DATABASE_READ_POOL_SIZE_connections()
    {
        var polls = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() => Polls.Read("job_parent", children: true, offset: i, limit: 10))));

        Assert.All(polls, poll => Assert.Equal(10, poll!.Children.Count));
        await using var connections = _database.DataSource.CreateCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'dramagen-reads'");
        connections.Parameters.AddWithValue(_database.Name);
        Assert.InRange((long)(await connections.ExecuteScalarAsync())!, 1, 2);
    }

    private static ServiceProvider Services(string databaseUrl, int readPoolSize) => JobStoreServices.Build(databaseUrl,
        new Dictionary<string, string?> { ["DATABASE_READ_POOL_SIZE"] = readPoolSize.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    private static JobRecord Child(string id, string? parent, int order = 0) => JobStoreServices.Job("drama_polls", id, parent, order);

    private static string JsonOf(JobRecord job) => JobStoreServices.JsonOf(job);

    private static List<string?> Statuses(RawJsonArray page) =>
        [.. page.Items.Select(item => JsonDocument.Parse(item).RootElement.GetProperty("status").GetString())];
}
