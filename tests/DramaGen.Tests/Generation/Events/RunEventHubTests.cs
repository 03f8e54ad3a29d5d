using DramaGen.Configuration;
using System.Text.Json.Nodes;
using DramaGen.Generation.Events;
using DramaGen.Jobs;
using DramaGen.Jobs.Files;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace DramaGen.Tests.Generation.Events;

public sealed class RunEventHubTests : IDisposable
{
    private readonly string _jobsDir = Directory.CreateTempSubdirectory("dramagen-hub-").FullName;
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-11-23T10:00:00Z"));
    private readonly FileJobStore _store;

    public RunEventHubTests() =>
        _store = new FileJobStore(Options.Create(new JobsOptions { JobsDir = _jobsDir }), NullLogger<FileJobStore>.Instance);

    public void Dispose() => Directory.Delete(_jobsDir, recursive: true);

    private RunEventHub CreateHub(int maxEvents = 10_000) => new(_store, new SingleInstance(), _clock,
        Options.Create(new RunEventOptions { MaxEventsPerRun = maxEvents }), NullLogger<RunEventHub>.Instance);

    private static List<(string Kind, JsonObject Data)> Decode(IEnumerable<StoredRunEvent> events) =>
        events.Select(e => (e.Kind, JsonNode.Parse(e.Json)!.AsObject())).ToList();

    [Fact]
    public async Task First_event_of_a_run_starts_its_log_from_the_job_files()
    {
        var parent = await RunJobs.CreateAsync(_store, "drama_a", "char_c001", "scene_e001_s001");
        await _store.UpdateAsync(RunJobs.ChildId(parent.JobId, "char_c001"), job => { job.Status = JobStatus.Completed; job.R2Url = "/files/p.png"; });
        var hub = CreateHub();

        hub.Publish(new RunEvent(parent.JobId, "drama_a", "node", new JsonObject { ["node_id"] = "scene_e001_s001", ["status"] = "running" }));

        var events = Decode(hub.Open(parent.JobId)!.ReadAfter(0).Events);
        Assert.Equal(["node", "node", "progress", "node"], events.Select(e => e.Kind));
        Assert.Equal("/files/p.png", (string?)events[0].Data["url"]);
        Assert.Equal("completed", (string?)events[0].Data["status"]);
        Assert.Equal(2, (int)events[2].Data["total_jobs"]!);
        Assert.Equal(1, (int)events[2].Data["completed_jobs"]!);
        Assert.Equal("running", (string?)events[3].Data["status"]);
    }

    [Fact]
    public async Task Progress_counted_before_the_last_one_published_is_dropped_so_a_streams_counts_never_go_back()
    {
        var parent = await RunJobs.CreateAsync(_store, "drama_a", "char_c001", "char_c002", "char_c003");
        var hub = CreateHub();
        var log = hub.Open(parent.JobId)!;
        var cursor = log.ReadAfter(0).Events[^1].Sequence;
        RunEvent Progress(int completed, int running) =>
            RunEvents.Progress(parent.JobId, "drama_a", JobStatus.Running, new JobCounts(3, completed, 0, running, 3 - completed - running, 0));

        // Two nodes ending at once: the second count read is published first.
        hub.Publish(Progress(completed: 2, running: 0));
        hub.Publish(Progress(completed: 1, running: 1));
        hub.Publish(Progress(completed: 2, running: 1));
        hub.Publish(Progress(completed: 2, running: 0));
        hub.Publish(Progress(completed: 3, running: 0));

        var counts = Decode(log.ReadAfter(cursor).Events).Select(e => ((int)e.Data["completed_jobs"]!, (int)e.Data["running_jobs"]!));
        Assert.Equal([(2, 0), (2, 1), (3, 0)], counts);
    }

    [Fact]
    public async Task A_run_resumed_after_its_end_publishes_its_counts_again_from_where_they_are()
    {
        var parent = await RunJobs.CreateAsync(_store, "drama_a", "char_c001", "char_c002");
        var hub = CreateHub();
        var log = hub.Open(parent.JobId)!;
        hub.Publish(RunEvents.Progress(parent.JobId, "drama_a", JobStatus.Running, new JobCounts(2, 1, 0, 1, 0, 0)));
        hub.Publish(RunEvents.End(parent.JobId, "drama_a", JobStatus.Failed, new JobCounts(2, 1, 0, 1, 0, 0), "stopped"));
        var cursor = log.ReadAfter(0).Events[^1].Sequence;

        hub.Publish(RunEvents.Progress(parent.JobId, "drama_a", JobStatus.Running, new JobCounts(2, 1, 0, 0, 1, 0)));

        var resumed = Assert.Single(Decode(log.ReadAfter(cursor).Events));
        Assert.Equal(("progress", 1), (resumed.Kind, (int)resumed.Data["pending_jobs"]!));
    }

    [Fact]
    public async Task Sequences_increase_and_read_after_returns_only_later_events()
    {
        var parent = await RunJobs.CreateAsync(_store, "drama_a", "char_c001", "char_c002");
        var hub = CreateHub();
        await RunJobs.SetAsync(_store, hub, parent, "char_c001", JobStatus.Running);
        var log = hub.Open(parent.JobId)!;
        var cursor = log.ReadAfter(0).Events[^1].Sequence;

        await RunJobs.SetAsync(_store, hub, parent, "char_c001", JobStatus.Completed, "/files/c1.png");

        var all = log.ReadAfter(0).Events;
        Assert.Equal(all.Select(e => e.Sequence).Order(), all.Select(e => e.Sequence));
        Assert.Equal(all.Count, all.Select(e => e.Sequence).Distinct().Count());
        var later = Decode(log.ReadAfter(cursor).Events);
        Assert.Equal(["node", "progress"], later.Select(e => e.Kind));
        Assert.Equal("completed", (string?)later[0].Data["status"]);
        Assert.Equal(1, (int)later[1].Data["completed_jobs"]!);
    }

    [Fact]
    public async Task A_large_log_holds_at_most_a_quarter_more_events_than_it_has_keys()
    {
        var nodes = Enumerable.Range(1, 40).Select(i => $"scene_e001_s{i:000}").ToArray();
        var parent = await RunJobs.CreateAsync(_store, "drama_a", nodes);
        var hub = CreateHub(maxEvents: 20);
        var log = hub.Open(parent.JobId)!;
        var keys = nodes.Length + 1; // every node, and the progress
        var most = 0;

        foreach (var status in new[] { JobStatus.Running, JobStatus.Completed })
        {
            foreach (var node in nodes)
            {
                await RunJobs.SetAsync(_store, hub, parent, node, status, status == JobStatus.Completed ? $"/files/{node}.png" : null);
                most = Math.Max(most, log.Count);
            }
        }

        // A node's running event and its final one would otherwise both stay until the log doubled.
        Assert.InRange(most, keys, keys + keys / 4 + 1);
        var replayed = Decode(log.ReadAfter(0).Events).Where(e => e.Kind == "node")
            .GroupBy(e => (string)e.Data["node_id"]!).ToDictionary(g => g.Key, g => (string)g.Last().Data["status"]!);
        Assert.Equal(nodes.Order(), replayed.Keys.Order());
        Assert.All(replayed.Values, status => Assert.Equal("completed", status));
    }

    [Fact]
    public async Task Large_log_keeps_the_latest_event_per_node_and_resuming_clients_miss_no_state()
    {
        var nodes = Enumerable.Range(1, 5).Select(i => $"char_c{i:000}").ToArray();
        var parent = await RunJobs.CreateAsync(_store, "drama_a", nodes);
        var hub = CreateHub(maxEvents: 20);
        await RunJobs.SetAsync(_store, hub, parent, nodes[0], JobStatus.Running);
        var log = hub.Open(parent.JobId)!;
        var cursor = log.ReadAfter(0).Events[^1].Sequence;

        for (var round = 0; round < 30; round++)
        {
            await RunJobs.SetAsync(_store, hub, parent, nodes[round % 4], round < 26 ? JobStatus.Running : JobStatus.Completed, $"/files/{round}.png");
        }

        Assert.InRange(log.Count, 1, 20);
        // Replaying the compacted log from the start still ends on every node's stored state.
        var replayed = Decode(log.ReadAfter(0).Events).Where(e => e.Kind == "node")
            .GroupBy(e => (string)e.Data["node_id"]!).ToDictionary(g => g.Key, g => (string)g.Last().Data["status"]!);
        Assert.Equal(nodes.Order(), replayed.Keys.Order());
        foreach (var node in nodes)
        {
            Assert.Equal(_store.Get(RunJobs.ChildId(parent.JobId, node))!.Status.ToWire(), replayed[node]);
        }
        // A client that stopped at the cursor learns the final state of every node that changed after it, and nothing of the untouched one.
        var missed = Decode(log.ReadAfter(cursor).Events).Where(e => e.Kind == "node")
            .GroupBy(e => (string)e.Data["node_id"]!).ToDictionary(g => g.Key, g => (string)g.Last().Data["status"]!);
        Assert.Equal(["char_c001", "char_c002", "char_c003", "char_c004"], missed.Keys.Order());
        Assert.All(missed.Values, status => Assert.Equal("completed", status));
    }

    [Fact]
    public async Task Finished_run_stays_for_the_retention_then_is_rebuilt_from_job_files()
    {
        var parent = await RunJobs.CreateAsync(_store, "drama_a", "char_c001");
        var hub = CreateHub();
        await RunJobs.SetAsync(_store, hub, parent, "char_c001", JobStatus.Completed, "/files/c1.png");
        await RunJobs.EndAsync(_store, hub, parent);
        var log = hub.Open(parent.JobId)!;
        var lastSequence = log.ReadAfter(0).Events[^1].Sequence;

        _clock.Advance(TimeSpan.FromMinutes(9));
        hub.Open((await RunJobs.CreateAsync(_store, "drama_b")).JobId);
        Assert.Same(log, hub.Open(parent.JobId));

        _clock.Advance(TimeSpan.FromMinutes(2));
        hub.Open((await RunJobs.CreateAsync(_store, "drama_c")).JobId);
        var rebuilt = hub.Open(parent.JobId)!;

        Assert.NotSame(log, rebuilt);
        var events = rebuilt.ReadAfter(0).Events;
        Assert.Equal(["node", "progress", "end"], events.Select(e => e.Kind));
        Assert.All(events, e => Assert.True(e.Sequence > lastSequence));
        Assert.Equal("/files/c1.png", (string?)Decode(events)[0].Data["url"]);
    }

    [Fact]
    public async Task Events_after_the_end_reopen_the_run_and_drop_the_old_end()
    {
        var parent = await RunJobs.CreateAsync(_store, "drama_a", "char_c001");
        var hub = CreateHub();
        await RunJobs.SetAsync(_store, hub, parent, "char_c001", JobStatus.Failed, error: "boom");
        await RunJobs.EndAsync(_store, hub, parent, JobStatus.Failed);
        Assert.True(hub.Open(parent.JobId)!.ReadAfter(0).Ended);

        // A finished job never runs again (JobTransitions): the event alone, as a late publisher would send it.
        hub.Publish(RunEvents.Node(parent.JobId, parent.DramaId, "char_c001", RunJobs.ChildId(parent.JobId, "char_c001"), JobStatus.Running));

        var (events, ended, _) = hub.Open(parent.JobId)!.ReadAfter(0);
        Assert.False(ended);
        Assert.DoesNotContain(events, e => e.Kind == "end");
    }

    [Fact]
    public async Task End_from_job_files_closes_a_log_whose_parent_finished_silently()
    {
        var parent = await RunJobs.CreateAsync(_store, "drama_a", "char_c001");
        var hub = CreateHub();
        var log = hub.Open(parent.JobId)!;
        hub.EndFromJobFilesIfFinished(log);
        Assert.False(log.ReadAfter(0).Ended);

        await _store.UpdateAsync(parent.JobId, job => job.Status = JobStatus.Failed);
        hub.EndFromJobFilesIfFinished(log);

        var (events, ended, _) = log.ReadAfter(0);
        Assert.True(ended);
        Assert.Equal("failed", (string?)Decode(events)[^1].Data["status"]);
    }

    [Fact]
    public async Task In_a_cluster_a_run_is_kept_only_once_a_stream_opens_it_and_every_change_still_goes_to_the_others()
    {
        var parent = await RunJobs.CreateAsync(_store, "drama_a", "char_c001", "scene_e001_s001");
        var child = RunJobs.ChildId(parent.JobId, "char_c001");
        var hub = new RunEventHub(_store, new SharedSignals(), _clock, Options.Create(new RunEventOptions()), NullLogger<RunEventHub>.Instance);

        await _store.UpdateAsync(child, job => job.Status = JobStatus.Running);
        hub.Publish(RunEvents.Node(parent.JobId, "drama_a", "char_c001", child, JobStatus.Running));
        hub.CountsChanged(parent.JobId);

        // An instance that only executes the run's nodes neither reads the run into memory nor needs its counts.
        Assert.Equal((0, false), (hub.RunsInMemory, hub.KeepsEventsOf(parent.JobId)));
        Assert.True(hub.Outbox.TryRead(out var node));
        Assert.True(hub.Outbox.TryRead(out var progress));
        Assert.Equal((RunEvents.NodeKind, child, RunEvents.ProgressKind), (node.Kind, node.JobId, progress.Kind));

        var log = hub.Open(parent.JobId)!;
        Assert.True(hub.KeepsEventsOf(parent.JobId));
        Assert.Equal(["node", "node", "progress"], Decode(log.ReadAfter(0).Events).Select(e => e.Kind));
        Assert.Equal(1, (int)Decode(log.ReadAfter(0).Events)[2].Data["running_jobs"]!);
        hub.Publish(RunEvents.Node(parent.JobId, "drama_a", "char_c001", child, JobStatus.Completed));
        Assert.Equal("completed", (string?)Decode(log.ReadAfter(0).Events)[^1].Data["status"]);
    }

    [Fact]
    public async Task A_change_from_another_instance_while_a_stream_reads_the_run_from_the_store_reaches_its_log()
    {
        var parent = await RunJobs.CreateAsync(_store, "drama_a", "char_c001");
        var child = RunJobs.ChildId(parent.JobId, "char_c001");
        await _store.UpdateAsync(child, job => job.Status = JobStatus.Running);
        // The stream's read of the run's children returns what the store had before the other instance's change.
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var store = new Mock<IJobStore>();
        store.Setup(s => s.Get(It.IsAny<string>())).Returns<string>(_store.Get);
        store.Setup(s => s.CountChildren(It.IsAny<string>())).Returns<string>(_store.CountChildren);
        store.Setup(s => s.ListChildren(parent.JobId)).Returns(() =>
        {
            var before = _store.ListChildren(parent.JobId);
            reading.TrySetResult();
            resume.Task.WithinPatience().GetAwaiter().GetResult();
            return before;
        });
        var hub = new RunEventHub(store.Object, new SharedSignals(), _clock, Options.Create(new RunEventOptions()), NullLogger<RunEventHub>.Instance);

        var opening = Task.Run(() => hub.Open(parent.JobId));
        await reading.Task.WithinPatience();
        await _store.UpdateAsync(child, job => job.Status = JobStatus.Completed);
        // Applied while the stream's read is held, as a rule (it must wait for the read, and append after it); applied after
        // it, the change finds the log in place: either way the log must end with it.
        var applying = Task.Run(() => hub.ApplyRemote(new RunChange(parent.JobId, RunEvents.NodeKind, child)));
        resume.SetResult();
        var log = (await opening.WithinPatience())!;
        await applying.WithinPatience();

        var nodes = Decode(log.ReadAfter(0).Events).Where(e => e.Kind == RunEvents.NodeKind).ToList();
        Assert.Equal("completed", (string?)nodes[^1].Data["status"]);
    }

    [Fact]
    public void One_instance_keeps_every_run_it_publishes()
    {
        var hub = CreateHub();
        Assert.True(hub.KeepsEventsOf("job_any"));
        hub.Publish(new RunEvent("job_any", "drama_a", "progress", []));
        Assert.Equal(1, hub.RunsInMemory);
    }

    [Fact]
    public void Publish_never_throws_on_malformed_data_or_unknown_runs()
    {
        var hub = CreateHub();
        hub.Publish(new RunEvent("job_unknown", "drama_a", "node", new JsonObject { ["node_id"] = 42 }));
        hub.Publish(new RunEvent("job_unknown2", "drama_a", "progress", []));
        Assert.Empty(hub.Open("job_unknown")!.ReadAfter(0).Events);
        Assert.Single(hub.Open("job_unknown2")!.ReadAfter(0).Events);
    }

    [Fact]
    public async Task Changed_task_completes_on_the_next_append()
    {
        var parent = await RunJobs.CreateAsync(_store, "drama_a", "char_c001");
        var hub = CreateHub();
        var log = hub.Open(parent.JobId)!;
        var (_, _, changed) = log.ReadAfter(long.MaxValue);
        Assert.False(changed.IsCompleted);

        await RunJobs.SetAsync(_store, hub, parent, "char_c001", JobStatus.Running);

        await changed.WithinPatience();
    }

    [Fact]
    public void Only_a_valid_event_id_of_another_instance_is_foreign()
    {
        var hub = CreateHub();

        Assert.True(hub.IsForeign("deadbeef-17"));
        Assert.False(hub.IsForeign(hub.EventId(17)));
        Assert.False(hub.IsForeign(null));
        Assert.False(hub.IsForeign(""));
        Assert.False(hub.IsForeign("not an id"));
    }

    [Theory]
    [InlineData(null, true, 0)]
    [InlineData("", true, 0)]
    [InlineData("deadbeef-17", true, 0)]
    [InlineData("17", false, 0)]
    [InlineData("abc-x", false, 0)]
    [InlineData("a/b-3", false, 0)]
    [InlineData("-3", false, 0)]
    public void Event_ids_from_another_process_replay_everything_and_garbage_is_rejected(string? id, bool valid, long expected)
    {
        var hub = CreateHub();
        Assert.Equal(valid, hub.TryParseEventId(id, out var sequence));
        Assert.Equal(expected, sequence);
        Assert.True(hub.TryParseEventId(hub.EventId(41), out var own));
        Assert.Equal(41, own);
    }

    [Fact]
    public void Registered_publisher_is_the_hub_whether_a_default_was_tried_before_or_after()
    {
        foreach (var defaultFirst in new[] { true, false })
        {
            var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System)
                .AddSingleton(Options.Create(new JobsOptions { JobsDir = _jobsDir })).AddSingleton<IJobStore, FileJobStore>()
                .AddSingleton<IClusterSignals, SingleInstance>();
            if (defaultFirst) services.TryAddSingleton<IRunEventPublisher, NoPublisher>();
            services.AddRunEvents();
            if (!defaultFirst) services.TryAddSingleton<IRunEventPublisher, NoPublisher>();
            using var provider = services.BuildServiceProvider();
            Assert.Same(provider.GetRequiredService<RunEventHub>(), provider.GetRequiredService<IRunEventPublisher>());
        }
    }

    /// <summary>Other instances may listen; nothing is sent here (the relay, not started, would send the outbox).</summary>
    private sealed class SharedSignals : IClusterSignals
    {
        public bool IsShared => true;

        public Task SendAsync(string channel, string payload, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public IDisposable Subscribe(string channel, Action<string?> receive) => throw new NotSupportedException();
    }

    private sealed class NoPublisher : IRunEventPublisher
    {
        public void Publish(RunEvent runEvent) { }
    }
}
