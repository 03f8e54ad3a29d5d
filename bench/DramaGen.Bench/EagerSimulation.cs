using DramaGen.Generation.Planning;
using DramaGen.Generation.Runs;

namespace DramaGen.Bench;

/// <summary>
/// The eager schedule with zero engine overhead: an event-driven simulation of the same rule the engine
/// applies (a node is ready when its dependencies are done; a free slot goes to the ready node with the
/// highest <see cref="RunPriorities"/> rank). The gap between it and the lower bound is the bound's looseness,
/// the gap between it and the measured makespan is the engine's overhead.
/// </summary>
public static class EagerSimulation
{
    public static double Makespan(DramaGraph graph, double scale, int imageCap, int videoCap)
    {
        var all = graph.TopologicalOrder;
        var rank = RunPriorities.Compute(graph, all, _ => true);
        var waiting = graph.Nodes.Select(node => node.DependencyIndexes.Count).ToArray();
        var ready = new Dictionary<Capability, PriorityQueue<int, double>>
        {
            [Capability.Image] = new(), [Capability.Video] = new(), [Capability.None] = new(),
        };
        var free = new Dictionary<Capability, int> { [Capability.Image] = imageCap, [Capability.Video] = videoCap, [Capability.None] = int.MaxValue };
        var running = new PriorityQueue<int, double>();
        var now = 0.0;
        foreach (var node in graph.Nodes.Where(node => waiting[node.Index] == 0))
        {
            ready[node.Capability].Enqueue(node.Index, -rank[node.Index]);
        }
        while (true)
        {
            foreach (var (capability, queue) in ready)
            {
                while (free[capability] > 0 && queue.TryDequeue(out var index, out _))
                {
                    free[capability]--;
                    var node = graph[index];
                    var seconds = capability == Capability.None ? 0 : BenchLatency.SecondsOf(node.Id, capability == Capability.Video) * scale;
                    running.Enqueue(index, now + seconds);
                }
            }
            if (!running.TryDequeue(out var done, out var at))
            {
                return now;
            }
            now = at;
            free[graph[done].Capability]++;
            foreach (var dependent in graph[done].DependentIndexes)
            {
                if (--waiting[dependent] == 0)
                {
                    ready[graph[dependent].Capability].Enqueue(dependent, -rank[dependent]);
                }
            }
        }
    }
}
