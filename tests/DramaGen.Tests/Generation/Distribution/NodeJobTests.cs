using System.Net;
using System.Net.Http.Json;
using DramaGen.Generation.Distribution;
using DramaGen.Jobs;
using DramaGen.Tests.Generation.Runs;
using DramaGen.Tests.Jobs.Postgres;
using Hangfire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace DramaGen.Tests.Generation.Distribution;

/// <summary>
/// A Hangfire job carrying several nodes of a run (WORK_DISTRIBUTION=hangfire): it runs the nodes whose dispatch claim is
/// still its own and leaves a node dispatched again since to its newer job; run again (a job fetched twice), it calls
/// nothing again. The service runs in-process on PostgreSQL with no Hangfire server, so the leader's node jobs wait in the
/// queue and the test runs them itself.
/// </summary>
public sealed class NodeJobTests : IAsyncLifetime
{
    private readonly string _callLog = Path.Combine(Directory.CreateTempSubdirectory("dramagen-nodejob-").FullName, "calls.log");
    private TestDatabase _database = null!;
    private DramaGenApplication _factory = null!;
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _factory = new DramaGenApplication(new Dictionary<string, string?>
        {
            ["JOB_STORE"] = "postgres",
            ["DATABASE_URL"] = _database.Url,
            ["WORK_DISTRIBUTION"] = "hangfire",
            ["HANGFIRE_WORKERS"] = "0",
            ["IMAGE_MAX_CONCURRENCY"] = "2",
            ["LOCAL_MEDIA_SIZE"] = "64",
            ["LOCAL_CALL_LOG"] = _callLog,
        });
        // Built directly: a real server on a free port, as the instances of a cluster run.
        _app = _factory.BuildDirectly();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        _client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _factory.Dispose();
        await _database.DisposeAsync();
        try { Directory.Delete(Path.GetDirectoryName(_callLog)!, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_batch_whose_claim_of_one_node_was_superseded_runs_only_the_others_and_every_node_is_paid_once()
    {
        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsJsonAsync("/dramas", CrashResumeProcessTests.Drama())).StatusCode);
        var accepted = await _client.PostAsync("/dramas/drama_crash/generate", null);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        // The leader holds both image slots and waits for their jobs, which nobody fetches.
        var (parentJobId, orders) = await OutstandingAsync(count: 2).WithinPatience();
        var dispatches = _app.Services.GetRequiredService<NodeDispatches>();
        var (kept, superseded) = (orders[0], orders[1]);
        var newer = Guid.NewGuid();
        Assert.True(await dispatches.TryClaimAsync(superseded.JobId, superseded.Token, newer));
        var job = _app.Services.GetRequiredService<NodeJob>();

        await job.RunBatchAsync(parentJobId, [.. orders], CancellationToken.None);

        var jobs = _app.Services.GetRequiredService<IJobStore>();
        Assert.Equal(JobStatus.Completed, jobs.Get(kept.JobId)!.Status);
        Assert.False(jobs.Get(superseded.JobId)!.IsFinished);
        Assert.Single(ImageCalls());
        // The same job run again (fetched twice) calls nothing again; the newer dispatch of the left-out node runs it once.
        await job.RunBatchAsync(parentJobId, [.. orders], CancellationToken.None);
        Assert.Single(ImageCalls());
        await job.RunBatchAsync(parentJobId, [superseded with { Token = newer }], CancellationToken.None);
        Assert.Equal(JobStatus.Completed, jobs.Get(superseded.JobId)!.Status);
        var calls = ImageCalls();
        Assert.Equal(2, calls.Count);
        Assert.Equal(2, calls.Distinct().Count());
    }

    /// <summary>The run's node orders waiting in Hangfire's queue, once there are <paramref name="count"/> of them.</summary>
    private async Task<(string ParentJobId, List<NodeOrder> Orders)> OutstandingAsync(int count)
    {
        var monitoring = _app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        while (true)
        {
            var enqueued = monitoring.EnqueuedJobs(WorkDistributionExtensions.Queue, 0, 100)
                .Select(entry => entry.Value.Job).Where(job => job?.Method.Name == nameof(NodeJob.RunBatchAsync)).ToList();
            var orders = enqueued.SelectMany(job => (NodeOrder[])job!.Args[1]).ToList();
            if (orders.Count >= count)
            {
                return ((string)enqueued[0]!.Args[0], orders);
            }
            await Task.Delay(50);
        }
    }

    private List<string> ImageCalls() => File.Exists(_callLog)
        ? [.. File.ReadAllLines(_callLog).Select(line => line.Split('\t')).Where(call => call[1] == "image").Select(call => call[2])]
        : [];
}
