using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DramaGen.Tests.Dramas;
using DramaGen.Tests.Generation.Events;
using DramaGen.Tests.Generation.Runs;

namespace DramaGen.Tests.Jobs.Postgres;

/// <summary>
/// Several service processes on one PostgreSQL and one shared STORAGE_DIR (JOB_STORE=postgres): every one serves the
/// API, the first runs the engine and the others stand by. A run accepted by a standby runs on the leader; the drama's
/// one run is decided in the database; the event stream of a standby shows the nodes the leader runs; a SIGKILLed
/// leader's run is taken over and completes, every node's provider paid once in total across the processes.
/// </summary>
public sealed class ActiveStandbyProcessTests : IAsyncLifetime
{
    private ServiceCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ServiceCluster.CreateAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private string CallLog => _cluster.CallLog;

    private Dictionary<string, string> Environment(string instance) => _cluster.Environment(instance);

    [Fact]
    public async Task Work_accepted_by_a_standby_runs_on_the_leader_and_the_standbys_stream_shows_every_node()
    {
        await using var leader = await ServiceProcess.StartAsync(Environment("leader"));
        await using var standby = await ServiceProcess.StartAsync(Environment("standby"));
        Assert.Equal("leader", await RoleAsync(leader));
        Assert.Equal("standby", await RoleAsync(standby));

        // The leader does nothing while stopped: whatever the standby accepts meanwhile can only wait in the database.
        await leader.PauseAsync();
        Assert.Equal(HttpStatusCode.Created, (await standby.Client.PostAsJsonAsync("/dramas", SampleDramas.Document("drama_pair"))).StatusCode);
        var accepted = await standby.Client.PostAsync("/dramas/drama_pair/generate", null);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var location = accepted.Headers.Location!.OriginalString;
        var jobId = location.Split('/')[^1];
        var second = await standby.Client.PostAsync("/dramas/drama_pair/generate", null);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains(jobId, await second.Content.ReadAsStringAsync());
        await using var stream = await SseReader.OpenAsync(standby.Client, location + "/events");
        var writing = await standby.Client.PostAsJsonAsync("/dramas", new { premise = "Two lighthouses signal each other.", episodes = 1, scenesPerEpisode = 1 });
        Assert.Equal(HttpStatusCode.Accepted, writing.StatusCode);

        await leader.ContinueAsync();
        var events = await stream.ReadToEndAsync();
        var run = await standby.Client.WaitForJobAsync(location);

        Assert.Equal("completed", JobWaiting.Status(run));
        var children = run["jobs"]!.AsArray().Select(child => child!["job_id"]!.GetValue<string>()).ToList();
        Assert.NotEmpty(children);
        AssertEveryNodeCompleted(events, children);
        Assert.Equal("end", events[^1].Event);
        Assert.Equal("completed", events[^1].Json["status"]!.GetValue<string>());
        AssertEveryProviderCallOnce();
        Assert.Equal("completed", JobWaiting.Status(await standby.Client.WaitForJobAsync(writing)));
        Assert.Single(File.ReadAllLines(CallLog), line => line.Split('\t')[1] == "text.write");
        Assert.Contains("Picking up run " + jobId, leader.Output);
        Assert.DoesNotContain("Picking up run", standby.Output);

        // Resumed on the other instance: a Last-Event-ID of the standby means nothing to the leader, which sends the run's
        // latest state, each node once, and the end.
        await using var resumed = await SseReader.OpenAsync(leader.Client, location + "/events", lastEventId: events[^2].Id);
        var replayed = await resumed.ReadToEndAsync();
        AssertEveryNodeCompleted(replayed, children);
        Assert.Equal(children.Count, replayed.Count(message => message.Event == "node"));
        Assert.Equal("end", replayed[^1].Event);
    }

    [Fact]
    public async Task A_leader_SIGKILLed_mid_run_is_replaced_by_a_standby_that_completes_the_run_paying_each_node_once()
    {
        var environment = (string instance, int videoLatencyMs) =>
        {
            var variables = Environment(instance);
            variables["LOCAL_VIDEO_LATENCY_MS"] = videoLatencyMs.ToString();
            variables["VIDEO_MAX_CONCURRENCY"] = "2";
            return variables;
        };
        // The leader's videos never finish before it is killed (ten minutes each); the standbys' take a moment.
        await using var leader = await ServiceProcess.StartAsync(environment("leader", 600_000));
        await using var first = await ServiceProcess.StartAsync(environment("first", 100));
        await using var second = await ServiceProcess.StartAsync(environment("second", 100));
        Assert.Equal("leader", await RoleAsync(leader));
        Assert.Equal(HttpStatusCode.Created, (await first.Client.PostAsJsonAsync("/dramas", CrashResumeProcessTests.Drama())).StatusCode);
        var accepted = await first.Client.PostAsync("/dramas/drama_crash/generate", null);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var location = accepted.Headers.Location!.OriginalString;

        // Killed once every image is done and a video has been submitted (its operation id recorded).
        await second.Client.WaitForJobAsync(location, until: parent =>
        {
            var children = parent["jobs"]!.AsArray().Select(child => child!.AsObject()).ToList();
            var images = children.Where(child => child["job_type"]!.GetValue<string>() == "image").ToList();
            return images.Count == 7 && images.All(child => JobWaiting.Status(child) == "completed")
                && children.Any(child => child["job_type"]!.GetValue<string>() == "video" && child["metadata"]!["operation_id"] is not null);
        });
        leader.Kill();
        var finished = await second.Client.WaitForJobAsync(location);

        Assert.Equal("completed", JobWaiting.Status(finished));
        Assert.All(finished["jobs"]!.AsArray(), child => Assert.Equal("completed", JobWaiting.Status(child!.AsObject())));
        var paid = AssertEveryProviderCallOnce();
        Assert.Equal(7, paid.Count(call => call.Operation == "image"));
        Assert.Equal(7, paid.Count(call => call.Operation == "video"));
        Assert.Contains(File.ReadAllLines(CallLog), line => line.Split('\t')[1] == "video.resume");
        // Exactly one of the two took the engine over.
        Assert.Equal(["leader", "standby"], (await Task.WhenAll(RoleAsync(first), RoleAsync(second))).Order());
    }

    private static Task<string> RoleAsync(ServiceProcess service) => ServiceCluster.RoleAsync(service);

    private static void AssertEveryNodeCompleted(List<SseMessage> events, List<string> children)
    {
        var completed = events.Where(message => message.Event == "node" && message.Json["status"]!.GetValue<string>() == "completed")
            .Select(message => message.Json["job_id"]!.GetValue<string>()).ToHashSet();
        Assert.All(children, child => Assert.Contains(child, completed));
    }

    private List<(string Operation, string Hash)> AssertEveryProviderCallOnce() => _cluster.AssertEveryProviderCallOnce();
}
