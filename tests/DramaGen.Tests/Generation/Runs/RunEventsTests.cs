using DramaGen.Generation.Runs;
using System.Collections.Concurrent;
using DramaGen.Generation.Events;
using DramaGen.Generation.Planning;
using DramaGen.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DramaGen.Tests.Generation.Runs;

public sealed class RunEventsTests
{
    private class RecordingPublisher : IRunEventPublisher
    {
        public ConcurrentQueue<RunEvent> Events { get; } = new();

        public void Publish(RunEvent runEvent) => Events.Enqueue(runEvent);
    }

    /// <summary>An instance where nobody streams the run: its counts are only said to have changed.</summary>
    private sealed class KeepingNothing : RecordingPublisher, IRunEventPublisher
    {
        public ConcurrentQueue<string> CountsChanges { get; } = new();

        public bool KeepsEventsOf(string parentJobId) => false;

        public void CountsChanged(string parentJobId) => CountsChanges.Enqueue(parentJobId);
    }

    [Fact]
    public async Task Node_transitions_of_a_run_kept_nowhere_here_read_no_counts_and_say_they_changed()
    {
        var publisher = new KeepingNothing();
        await using var host = await EngineHost.StartAsync(new FakeTimeProvider(),
            configure: services => services.AddSingleton<IRunEventPublisher>(publisher));
        var drama = await host.CreateAsync(TestDramas.SeedExample());

        var parent = await host.GenerateAsync(drama.Id!);

        var nodeEvents = publisher.Events.Count(e => e.Kind == RunEvents.NodeKind);
        // Each node event of the engine's executor is followed by a change of the counts, none by a progress event.
        Assert.True(nodeEvents > 0);
        Assert.Equal(nodeEvents, publisher.CountsChanges.Count);
        Assert.All(publisher.CountsChanges, id => Assert.Equal(parent.JobId, id));
        var progress = Assert.Single(publisher.Events, e => e.Kind == RunEvents.ProgressKind);
        Assert.Null(progress.Data["eta_seconds"]); // the run's start, not a node's
        Assert.Equal(RunEvents.EndKind, publisher.Events.Last().Kind);
    }

    [Fact]
    public async Task Every_node_transition_progress_and_the_end_are_published()
    {
        var publisher = new RecordingPublisher();
        await using var host = await EngineHost.StartAsync(new FakeTimeProvider(),
            configure: services => services.AddSingleton<IRunEventPublisher>(publisher));
        host.Image.Instrument.Failures["char_c002"] = "refused";
        var drama = await host.CreateAsync(TestDramas.SeedExample());

        var parent = await host.GenerateAsync(drama.Id!);

        var events = publisher.Events.ToList();
        Assert.All(events, e => Assert.Equal((parent.JobId, drama.Id), (e.ParentJobId, e.DramaId)));
        var nodeEvents = events.Where(e => e.Kind == RunEvents.NodeKind).ToList();
        string[] StatusesOf(string node) => [.. nodeEvents.Where(e => e.Data["node_id"]!.GetValue<string>() == node)
            .Select(e => e.Data["status"]!.GetValue<string>())];
        Assert.Equal(["running", "completed"], StatusesOf("char_c001"));
        Assert.Equal(["running", "failed"], StatusesOf("char_c002"));
        Assert.Equal(["skipped"], StatusesOf("char_asset_c002_a001"));
        Assert.Equal(["completed"], StatusesOf("ep_e001"));
        Assert.NotNull(nodeEvents.Last(e => e.Data["node_id"]!.GetValue<string>() == "char_c001").Data["url"]);
        Assert.Equal("fake-image: refused", nodeEvents.Last(e => e.Data["node_id"]!.GetValue<string>() == "char_c002").Data["error"]!.GetValue<string>());
        Assert.Contains(events, e => e.Kind == RunEvents.ProgressKind);
        var end = Assert.Single(events, e => e.Kind == RunEvents.EndKind);
        Assert.Same(end, events[^1]);
        Assert.Equal(("failed", 14, 1, 2), (end.Data["status"]!.GetValue<string>(), end.Data["total_jobs"]!.GetValue<int>(),
            end.Data["failed_jobs"]!.GetValue<int>(), end.Data["skipped_jobs"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Two_generate_calls_for_one_drama_pay_once()
    {
        await using var host = await EngineHost.StartAsync(new FakeTimeProvider());
        var drama = await host.CreateAsync(TestDramas.SeedExample());

        var first = await host.Runs.StartAsync(drama.Id!, RunScope.WholeDrama);
        var second = await host.Runs.StartAsync(drama.Id!, RunScope.WholeDrama);
        await host.FinishAsync(first.Job!.JobId);
        var third = await host.Runs.StartAsync(drama.Id!, RunScope.WholeDrama);
        var thirdParent = await host.FinishAsync(third.Job!.JobId);

        // One active run per drama: the second is refused, naming the first; once it has finished, another run
        // plans against what it recorded and pays for nothing.
        Assert.Equal((RunStartStatus.Conflict, first.Job.JobId), (second.Status, second.RunningJobId));
        Assert.Equal(DramaGraph.Build(drama).Nodes.Count(node => node.Capability != Capability.None), host.Calls.Count);
        Assert.Equal(host.Calls.Count, host.Calls.Select(call => call.Node).Distinct().Count());
        Assert.Equal((JobStatus.Completed, 0), (thirdParent.Status, host.Jobs.CountChildren(thirdParent.JobId).Total));
    }
}
