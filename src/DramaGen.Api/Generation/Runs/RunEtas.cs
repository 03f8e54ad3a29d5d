using System.Collections.Concurrent;
using DramaGen.Configuration;
using DramaGen.Generation.Estimates;
using DramaGen.Generation.Planning;
using DramaGen.Jobs;
using DramaGen.Pacing;
using Microsoft.Extensions.Options;

namespace DramaGen.Generation.Runs;

/// <summary>
/// The ETA of each run in flight (eta_seconds of the parent job and of the SSE progress event): the rest of the run
/// simulated (<see cref="ScheduleSimulation"/>) with the expected latencies, each capability's live limit and what
/// is left of its request quota, a running node counted from when it started. The result is kept as an expected end
/// and simulated again at most once per <see cref="RefreshInterval"/> of the clock, so a progress event per node
/// of a 10,000-node run does not simulate 10,000 times. With it, the run's live cost (<see cref="IRunProgress"/>: a
/// poll of the parent finds the run once for both).
/// </summary>
public sealed class RunEtas(LatencyEstimates latencies, CapacityPools pools, IOptions<GenerationOptions> options, TimeProvider clock) : IRunProgress
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Tracked> _runs = new(StringComparer.Ordinal);

    /// <summary>Follows the run until the returned handle is disposed (when the run stops).</summary>
    public IDisposable Track(RunContext run)
    {
        var tracked = new Tracked(run);
        _runs[run.ParentJobId] = tracked;
        return new Untrack(() => _runs.TryRemove(new KeyValuePair<string, Tracked>(run.ParentJobId, tracked)));
    }

    /// <summary>The engine's ETA (progress events, on every node change): simulated again when the last one is a second old.</summary>
    public double? EtaSeconds(string parentJobId) => _runs.TryGetValue(parentJobId, out var tracked) ? EtaOf(tracked) : null;

    /// <summary>
    /// A poll's ETA and the running total of the cost (seeded with what its children billed before a resume). The ETA is
    /// the expected end the engine simulated last (it does on every node change, at most once a second), counted down to
    /// now: a poll never runs the simulation of a 10,000-node run itself nor waits on the lock while the engine runs it
    /// (that took a poll up to 45 ms on a loaded machine). Only a run with no simulation yet is simulated here, once.
    /// </summary>
    public RunProgress? Of(string parentJobId)
    {
        if (!_runs.TryGetValue(parentJobId, out var tracked))
        {
            return null;
        }
        var eta = tracked.ExpectedEnd is { } expectedEnd ? SecondsUntil(expectedEnd, clock.GetUtcNow()) : EtaOf(tracked);
        return new RunProgress(eta, tracked.Run.BilledUsd);
    }

    private double EtaOf(Tracked tracked)
    {
        var now = clock.GetUtcNow();
        lock (tracked)
        {
            if (tracked.ExpectedEnd is not { } expectedEnd || now - tracked.SimulatedAt >= RefreshInterval)
            {
                expectedEnd = now + TimeSpan.FromSeconds(SimulateRemaining(tracked, now));
                tracked.ExpectedEnd = expectedEnd;
                tracked.SimulatedAt = now;
            }
            return SecondsUntil(expectedEnd, now);
        }
    }

    private static double SecondsUntil(DateTimeOffset expectedEnd, DateTimeOffset now) => Math.Round(Math.Max(0, (expectedEnd - now).TotalSeconds), 3);

    /// <summary>Seconds from <paramref name="now"/> until the run's last node is expected to end (under the tracked run's lock).</summary>
    private double SimulateRemaining(Tracked tracked, DateTimeOffset now)
    {
        var run = tracked.Run;
        run.CopyProgress(tracked.Outcomes, tracked.StartedAt);
        return ScheduleSimulation.RemainingSeconds(run.Graph, run.Nodes, index =>
        {
            var seconds = latencies.SecondsOf(run.Graph[index]);
            return tracked.Outcomes[index] switch
            {
                NodeOutcome.Running => new SimulatedNode(SimulatedStatus.Running, seconds, run.Priorities[index], (now - tracked.StartedAt[index]).TotalSeconds),
                NodeOutcome.Pending or NodeOutcome.Cancelled => new SimulatedNode(SimulatedStatus.Pending, seconds, run.Priorities[index]),
                _ => new SimulatedNode(SimulatedStatus.Done, 0, 0),
            };
        }, Lanes(), options.Value.IsCriticalPathFirst, tracked.Workspace);
    }

    private Dictionary<Capability, SimulatedLane> Lanes() => new()
    {
        [Capability.Image] = LaneOf(pools.Image.State),
        [Capability.Video] = LaneOf(pools.Video.State),
        [Capability.Speech] = LaneOf(pools.Speech.State),
        [Capability.Cut] = LaneOf(pools.Cut.State),
    };

    private static SimulatedLane LaneOf(PoolState state) =>
        new(state.LiveLimit, state.RequestsPerMinute?.Limit ?? 0, state.RequestsPerMinute?.Available ?? 0);

    /// <summary>A run followed, with what its simulations work in (kept: a large run's arrays are large objects).</summary>
    private sealed class Tracked(RunContext run)
    {
        public RunContext Run { get; } = run;
        public NodeOutcome[] Outcomes { get; } = new NodeOutcome[run.Graph.Nodes.Count];
        public DateTimeOffset[] StartedAt { get; } = new DateTimeOffset[run.Graph.Nodes.Count];
        public ScheduleSimulation.SimulationWorkspace Workspace { get; } = new(run.Graph.Nodes.Count);
        // Ticks (UTC), read without the lock by polls: a long is written whole, a DateTimeOffset? is not. 0 before the first simulation.
        private long _expectedEndTicks;

        public DateTimeOffset? ExpectedEnd
        {
            get => Volatile.Read(ref _expectedEndTicks) is var ticks and not 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
            set => Volatile.Write(ref _expectedEndTicks, value?.UtcTicks ?? 0);
        }

        public DateTimeOffset SimulatedAt { get; set; }
    }

    private sealed class Untrack(Action untrack) : IDisposable
    {
        public void Dispose() => untrack();
    }
}
