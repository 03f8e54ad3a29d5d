using DramaGen.Generation.Estimates;
using DramaGen.Generation.Planning;
using DramaGen.Generation.Runs;

namespace DramaGen.Bench;

/// <summary>
/// The engine's schedule with zero engine overhead: the service's own <see cref="ScheduleSimulation"/> on the
/// bench's per-node latencies, with the priorities the engine gives after learning (an image's mean latency; a video's
/// seconds per second of video times its length, which on the bench's providers is its own latency).
/// The gap between it and the bound is the bound's looseness (or the order's cost); between it and the measured
/// makespan, the engine's overhead.
/// </summary>
public static class BenchSimulation
{
    /// <param name="oracle">Priorities from each node's own latency instead of its capability's mean (what no real scheduler knows).</param>
    public static double Makespan(DramaGraph graph, double scale, IReadOnlyDictionary<Capability, int> caps, bool criticalPathFirst, bool oracle = false)
    {
        var mean = graph.Nodes.GroupBy(node => node.Capability)
            .ToDictionary(group => group.Key, group => group.Average(node => BenchLatency.SecondsOf(node) * scale));
        var priorities = RunPriorities.Compute(graph, graph.TopologicalOrder, _ => true,
            node => oracle || node.Capability == Capability.Video ? BenchLatency.SecondsOf(node) * scale : mean[node.Capability]);
        return ScheduleSimulation.RemainingSeconds(graph, graph.TopologicalOrder,
            index => new SimulatedNode(SimulatedStatus.Pending, BenchLatency.SecondsOf(graph[index]) * scale, priorities[index]),
            caps.ToDictionary(pair => pair.Key, pair => new SimulatedLane(pair.Value)), criticalPathFirst);
    }
}
