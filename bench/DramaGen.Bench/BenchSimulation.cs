using DramaGen.Generation.Estimates;
using DramaGen.Generation.Planning;
using DramaGen.Generation.Runs;

namespace DramaGen.Bench;

/// <summary>
/// The engine's schedule with zero engine overhead: the service's own <see cref="ScheduleSimulation"/> on the
/// bench's per-node latencies, with the priorities the engine gives after learning (each capability's mean latency).
/// The gap between it and the bound is the bound's looseness (or the order's cost); between it and the measured
/// makespan, the engine's overhead.
/// </summary>
public static class BenchSimulation
{
    public static double Makespan(DramaGraph graph, double scale, IReadOnlyDictionary<Capability, int> caps, bool criticalPathFirst)
    {
        var mean = graph.Nodes.GroupBy(node => node.Capability)
            .ToDictionary(group => group.Key, group => group.Average(node => BenchLatency.SecondsOf(node) * scale));
        var priorities = RunPriorities.Compute(graph, graph.TopologicalOrder, _ => true, node => mean[node.Capability]);
        return ScheduleSimulation.RemainingSeconds(graph, graph.TopologicalOrder,
            index => new SimulatedNode(SimulatedStatus.Pending, BenchLatency.SecondsOf(graph[index]) * scale, priorities[index]),
            caps.ToDictionary(pair => pair.Key, pair => new SimulatedLane(pair.Value)), criticalPathFirst);
    }
}
