using DramaGen.Generation.Planning;
using DramaGen.Generation.Runs;
using Microsoft.Extensions.DependencyInjection;
using DramaGen.Jobs;
using DramaGen.Tests.VirtualTime;
using Microsoft.Extensions.Time.Testing;

namespace DramaGen.Tests.Generation.Runs;

/// <summary>
/// A shutdown starts no node any more, lets the provider calls in flight finish within SHUTDOWN_GRACE_SECONDS
/// (a call cut short is paid again after the restart), and leaves the rest resumable. In virtual time.
/// </summary>
public sealed class ShutdownGraceTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dramagen-grace-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static Dictionary<string, string?> Grace(int seconds) => new() { ["SHUTDOWN_GRACE_SECONDS"] = seconds.ToString() };

    [Fact]
    public async Task A_shutdown_lets_calls_in_flight_finish_starts_nothing_new_and_the_restart_pays_no_call_twice()
    {
        var drama = TestDramas.Generated("drama_grace", characters: 3, episodes: 1, scenesPerEpisode: 3);
        string parentJobId;
        IReadOnlyList<string> paidBeforeRestart;
        await using (var first = await EngineHost.StartAsync(new FakeTimeProvider(), Grace(10), root: _root))
        {
            first.Image.Instrument.Latency = _ => TimeSpan.FromSeconds(5);
            first.Video.Instrument.Latency = _ => TimeSpan.FromSeconds(5);
            await first.CreateAsync(drama);
            parentJobId = (await first.Runs.StartAsync(drama.Id!, RunScope.WholeDrama)).Job!.JobId;
            var driver = new VirtualTimeDriver((FakeTimeProvider)first.Time,
                new EngineClockWaits(first.Activity, first.Image.Instrument, first.Video.Instrument, first.Speech.Instrument));
            await driver.RunUntilAsync(first.Runs.WhenFinishedAsync(parentJobId), () => first.Image.Instrument.InFlight > 0);
            var inFlight = first.Image.Instrument.InFlight;
            var startedBefore = first.Calls.Count + inFlight + first.Video.Instrument.InFlight;

            await driver.RunUntilAsync(first.StopAsync());

            // Every call in flight ran its whole latency (not cut short), and nothing started after the stop.
            Assert.Equal(startedBefore, first.Calls.Count);
            Assert.All(first.Calls, call => Assert.Equal(TimeSpan.FromSeconds(5), call.End - call.Start));
            Assert.False(first.Jobs.Get(parentJobId)!.IsFinished);
            var statuses = first.ChildStatuses(parentJobId);
            Assert.Contains(JobStatus.Pending, statuses.Values);
            Assert.DoesNotContain(JobStatus.Failed, statuses.Values);
            Assert.DoesNotContain(JobStatus.Running, statuses.Values);
            paidBeforeRestart = Paid(first);
            Assert.True(paidBeforeRestart.Count >= inFlight);
        }

        await using var second = await EngineHost.StartAsync(new FakeTimeProvider(), Grace(10), root: _root);
        var parent = await second.FinishAsync(parentJobId);

        Assert.Equal(JobStatus.Completed, parent.Status);
        Assert.Empty(Paid(second).Intersect(paidBeforeRestart));
        var graph = DramaGraph.Build(drama);
        var providerNodes = graph.Nodes.Where(node => node.Capability is Capability.Image or Capability.Video).Select(node => node.Id);
        Assert.Equal(providerNodes.Order(), paidBeforeRestart.Concat(Paid(second)).Order());
    }

    private static List<string> Paid(EngineHost host) =>
        [.. host.Image.Instrument.Calls.Concat(host.Video.Instrument.Calls).Select(call => call.Node)];

    [Fact]
    public async Task A_call_longer_than_the_grace_is_cancelled_when_it_ends_and_its_node_resumes_after_the_restart()
    {
        var drama = TestDramas.Generated("drama_grace_over", characters: 1, episodes: 1, scenesPerEpisode: 1, auditions: false);
        string parentJobId;
        string cutNode;
        await using (var first = await EngineHost.StartAsync(new FakeTimeProvider(), Grace(10), root: _root))
        {
            first.Image.Instrument.Latency = _ => TimeSpan.FromMinutes(2);
            await first.CreateAsync(drama);
            parentJobId = (await first.Runs.StartAsync(drama.Id!, RunScope.WholeDrama)).Job!.JobId;
            var driver = new VirtualTimeDriver((FakeTimeProvider)first.Time,
                new EngineClockWaits(first.Activity, first.Image.Instrument, first.Video.Instrument, first.Speech.Instrument));
            await driver.RunUntilAsync(first.Runs.WhenFinishedAsync(parentJobId), () => first.Image.Instrument.InFlight > 0);
            var stoppedAt = first.Time.GetUtcNow();

            // The worker begins the shutdown on stop; begun here first so the grace's timer exists before the clock moves.
            first.Services.GetRequiredService<ShutdownGrace>().Begin();
            ((FakeTimeProvider)first.Time).Advance(TimeSpan.FromSeconds(10));
            await first.StopAsync();

            var cut = Assert.Single(first.Image.Instrument.Calls);
            Assert.Equal(stoppedAt + TimeSpan.FromSeconds(10), cut.End);
            cutNode = cut.Node;
            Assert.False(first.Jobs.Get(parentJobId)!.IsFinished);
            Assert.DoesNotContain(JobStatus.Failed, first.ChildStatuses(parentJobId).Values);
        }

        await using var second = await EngineHost.StartAsync(new FakeTimeProvider(), Grace(10), root: _root);
        var parent = await second.FinishAsync(parentJobId);

        Assert.Equal(JobStatus.Completed, parent.Status);
        Assert.Contains(second.Image.Instrument.Calls, call => call.Node == cutNode);
    }
}
