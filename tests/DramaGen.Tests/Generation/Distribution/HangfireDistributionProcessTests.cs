using System.Net;
using System.Net.Http.Json;
using DramaGen.Tests.Generation.Runs;
using DramaGen.Tests.Jobs.Postgres;

namespace DramaGen.Tests.Generation.Distribution;

/// <summary>
/// WORK_DISTRIBUTION=hangfire with service processes on one PostgreSQL: the leader schedules, the nodes' provider calls run as
/// Hangfire jobs on the instances' Hangfire servers (each child job names the instance that executed it); an instance
/// SIGKILLed mid-node has its node finished by another, its video polled and never submitted again; the read-only dashboard
/// sits behind the API keys.
/// </summary>
public sealed class HangfireDistributionProcessTests : IAsyncLifetime
{
    private ServiceCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ServiceCluster.CreateAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private Dictionary<string, string> Environment(string instance, int workers, int videoLatencyMs = 0)
    {
        var variables = _cluster.Environment(instance);
        variables["WORK_DISTRIBUTION"] = "hangfire";
        variables["HANGFIRE_WORKERS"] = workers.ToString();
        variables["HANGFIRE_INVISIBILITY_SECONDS"] = "10";
        variables["LOCAL_VIDEO_LATENCY_MS"] = videoLatencyMs.ToString();
        variables["VIDEO_MAX_CONCURRENCY"] = "2";
        return variables;
    }

    [Fact]
    public async Task A_worker_SIGKILLed_mid_node_has_its_node_finished_by_another_instance_and_every_call_paid_once()
    {
        // The leader runs no Hangfire server: every node executes elsewhere. The first worker's videos never finish (ten
        // minutes each), the second's take a moment; the second starts only once the first holds videos in flight.
        await using var leader = await ServiceProcess.StartAsync(Environment("leader", workers: 0));
        await using var doomed = await ServiceProcess.StartAsync(Environment("doomed", workers: 5, videoLatencyMs: 600_000));
        Assert.Equal("leader", await ServiceCluster.RoleAsync(leader));
        Assert.Equal(HttpStatusCode.Created, (await leader.Client.PostAsJsonAsync("/dramas", CrashResumeProcessTests.Drama())).StatusCode);
        var accepted = await leader.Client.PostAsync("/dramas/drama_crash/generate", null);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var location = accepted.Headers.Location!.OriginalString;

        var midRun = await leader.Client.WaitForJobAsync(location, until: parent =>
        {
            var children = parent["jobs"]!.AsArray().Select(child => child!.AsObject()).ToList();
            var images = children.Where(child => child["job_type"]!.GetValue<string>() == "image").ToList();
            return images.Count == 7 && images.All(child => JobWaiting.Status(child) == "completed")
                && children.Count(child => child["job_type"]!.GetValue<string>() == "video" && child["metadata"]!["operation_id"] is not null) == 2;
        });
        var doomedInstance = Assert.Single(midRun["jobs"]!.AsArray()
            .Where(child => child!["job_type"]!.GetValue<string>() == "image")
            .Select(child => child!["metadata"]!["instance"]!.GetValue<string>()).Distinct());
        await using var survivor = await ServiceProcess.StartAsync(Environment("survivor", workers: 5, videoLatencyMs: 100));
        doomed.Kill();
        var finished = await leader.Client.WaitForJobAsync(location);

        Assert.Equal("completed", JobWaiting.Status(finished));
        var children = finished["jobs"]!.AsArray().Select(child => child!.AsObject()).ToList();
        Assert.All(children, child => Assert.Equal("completed", JobWaiting.Status(child)));
        Assert.Equal(children.Count, finished["completed_jobs"]!.GetValue<int>());
        var paid = _cluster.AssertEveryProviderCallOnce();
        Assert.Equal(7, paid.Count(call => call.Operation == "image"));
        Assert.Equal(7, paid.Count(call => call.Operation == "video"));
        // The two videos in flight on the killed instance were polled by the survivor, not submitted again.
        Assert.Equal(2, File.ReadAllLines(_cluster.CallLog).Count(line => line.Split('\t')[1] == "video.resume"));
        var executedBy = children.Where(child => child["job_type"]!.GetValue<string>() is "image" or "video")
            .Select(child => child["metadata"]!["instance"]!.GetValue<string>()).ToList();
        Assert.Equal(2, executedBy.Distinct().Count());
        Assert.Contains(doomedInstance, executedBy);
        Assert.All(children.Where(child => child["job_type"]!.GetValue<string>() == "video"),
            video => Assert.NotEqual(doomedInstance, video["metadata"]!["instance"]!.GetValue<string>()));
        Assert.Equal("leader", await ServiceCluster.RoleAsync(leader));
    }

    [Fact]
    public async Task A_drama_budget_holds_across_the_instances_that_execute_its_nodes()
    {
        // Every image and every second of video costs 0.01 USD: the drama's 14 one-cent nodes meet a budget of 5 cents. Two
        // workers execute them; each would let five through if it judged the budget alone.
        Dictionary<string, string> Priced(string instance, int workers)
        {
            var variables = Environment(instance, workers);
            variables["PRICES__local__*__per_image"] = "0.01";
            variables["PRICES__local__*__per_video_second"] = "0.01";
            variables["DRAMA_BUDGET_USD"] = "0.05";
            return variables;
        }
        await using var leader = await ServiceProcess.StartAsync(Priced("leader", workers: 0));
        await using var first = await ServiceProcess.StartAsync(Priced("first", workers: 4));
        await using var second = await ServiceProcess.StartAsync(Priced("second", workers: 4));
        Assert.Equal("leader", await ServiceCluster.RoleAsync(leader));
        Assert.Equal(HttpStatusCode.Created, (await leader.Client.PostAsJsonAsync("/dramas", CrashResumeProcessTests.Drama())).StatusCode);

        var finished = await leader.Client.WaitForJobAsync(await leader.Client.PostAsJsonAsync("/dramas/drama_crash/generate", new { run_what_fits = true }));

        var children = finished["jobs"]!.AsArray().Select(child => child!.AsObject()).ToList();
        var spent = children.Sum(child => (decimal?)child["cost_usd"] ?? 0m);
        Assert.True(spent <= 0.05m, $"spent {spent} USD of a 0.05 USD budget");
        Assert.Equal(5, children.Count(child => (decimal?)child["cost_usd"] > 0m));
        Assert.Equal(5, _cluster.AssertEveryProviderCallOnce().Count);
        Assert.Contains(children, child => child["metadata"]!["reason"]?.GetValue<string>() == "budget");
        Assert.Equal("failed", JobWaiting.Status(finished));
    }

    [Fact]
    public async Task A_new_leader_awaits_the_nodes_still_out_with_hangfire_instead_of_enqueuing_them_again()
    {
        // The leader and the standby run no Hangfire server; the one worker's videos take 20 s, so they are still out when the leader dies.
        await using var leader = await ServiceProcess.StartAsync(Environment("leader", workers: 0));
        await using var standby = await ServiceProcess.StartAsync(Environment("standby", workers: 0));
        await using var worker = await ServiceProcess.StartAsync(Environment("worker", workers: 5, videoLatencyMs: 20_000));
        Assert.Equal("leader", await ServiceCluster.RoleAsync(leader));
        Assert.Equal(HttpStatusCode.Created, (await standby.Client.PostAsJsonAsync("/dramas", CrashResumeProcessTests.Drama())).StatusCode);
        var accepted = await standby.Client.PostAsync("/dramas/drama_crash/generate", null);
        var location = accepted.Headers.Location!.OriginalString;
        await standby.Client.WaitForJobAsync(location, until: parent => parent["jobs"]!.AsArray()
            .Count(child => child!["job_type"]!.GetValue<string>() == "video" && child["metadata"]!["operation_id"] is not null) == 2);
        leader.Kill();
        var finished = await standby.Client.WaitForJobAsync(location);

        Assert.Equal("completed", JobWaiting.Status(finished));
        Assert.All(finished["jobs"]!.AsArray(), child => Assert.Equal("completed", JobWaiting.Status(child!.AsObject())));
        var paid = _cluster.AssertEveryProviderCallOnce();
        Assert.Equal(7, paid.Count(call => call.Operation == "video"));
        // Nothing was enqueued twice: a second job of a video in flight would have polled its recorded operation.
        Assert.DoesNotContain(File.ReadAllLines(_cluster.CallLog), line => line.Split('\t')[1] == "video.resume");
        // Either survivor may have taken the engine over (the worker stands by too), exactly one did.
        Assert.Equal(["leader", "standby"], (await Task.WhenAll(ServiceCluster.RoleAsync(standby), ServiceCluster.RoleAsync(worker))).Order());
    }

    [Fact]
    public async Task Idle_workers_of_another_instance_are_woken_for_each_node_job_instead_of_waiting_for_their_poll()
    {
        // The leader runs no Hangfire server, so no worker shares its process (where Hangfire.PostgreSql wakes a worker on
        // each enqueue by itself); the worker's own look for jobs comes only once a minute.
        await using var leader = await ServiceProcess.StartAsync(Environment("leader", workers: 0));
        var variables = Environment("worker", workers: 2);
        variables["HANGFIRE_POLL_MS"] = "60000";
        await using var worker = await ServiceProcess.StartAsync(variables);
        Assert.Equal("leader", await ServiceCluster.RoleAsync(leader));
        Assert.Equal(HttpStatusCode.Created, (await leader.Client.PostAsJsonAsync("/dramas", CrashResumeProcessTests.Drama())).StatusCode);

        var finished = await leader.Client.WaitForJobAsync(await leader.Client.PostAsync("/dramas/drama_crash/generate", null));

        Assert.Equal("completed", JobWaiting.Status(finished));
        // Every node job was fetched long before the worker's next look: it was woken for it. (Its first look was when it
        // started, before the run was asked for, so without a wake-up the first job waits for the second, a minute later.)
        await using var waits = _cluster.Database.DataSource.CreateCommand(
            """
            SELECT extract(epoch FROM p.createdat - e.createdat)
            FROM hangfire.state e JOIN hangfire.state p ON p.jobid = e.jobid AND p.name = 'Processing'
            WHERE e.name = 'Enqueued'
            """);
        var seconds = new List<double>();
        await using (var reader = await waits.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                seconds.Add((double)reader.GetDecimal(0));
            }
        }
        Assert.NotEmpty(seconds);
        Assert.All(seconds, wait => Assert.True(wait < 30, $"a node job waited {wait:F1} s to be fetched"));
    }

    [Fact]
    public async Task The_dashboard_is_read_only_and_answers_only_with_an_api_key()
    {
        var variables = Environment("solo", workers: 1);
        variables["API_KEYS"] = "dashboard-key";
        await using var service = await ServiceProcess.StartAsync(variables);

        Assert.Equal(HttpStatusCode.Unauthorized, (await service.Client.GetAsync("/hangfire")).StatusCode);
        using var page = await service.Client.SendAsync(WithKey(HttpMethod.Get, "/hangfire"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Hangfire", await page.Content.ReadAsStringAsync());
        // The page's own refresh (a POST that reads) still works.
        using var statsRequest = WithKey(HttpMethod.Post, "/hangfire/stats");
        statsRequest.Content = new FormUrlEncodedContent([new("metrics[]", "enqueued:count")]);
        using var stats = await service.Client.SendAsync(statsRequest);
        Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
        // A command (here: deleting enqueued jobs) is refused by the read-only dashboard, with a key too.
        using var delete = WithKey(HttpMethod.Post, "/hangfire/jobs/enqueued/delete");
        delete.Content = new FormUrlEncodedContent([new("jobs[]", "1")]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.Client.SendAsync(delete)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.Client.PostAsync("/hangfire/jobs/enqueued/delete", null)).StatusCode);
    }

    private static HttpRequestMessage WithKey(HttpMethod method, string path) =>
        new(method, path) { Headers = { { "X-API-Key", "dashboard-key" } } };
}
