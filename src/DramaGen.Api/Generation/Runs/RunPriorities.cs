using DramaGen.Generation.Planning;

namespace DramaGen.Generation.Runs;

/// <summary>
/// The "bottom level" of each node: its own expected seconds plus the longest expected chain of run nodes after
/// it. Serving waiting nodes in this order (critical path first) keeps the longest remaining path busy, which is
/// what brings the makespan close to its lower bound when the caps are the bottleneck.
/// </summary>
public static class RunPriorities
{
    /// <param name="expectedSeconds">A node's expected call time (LatencyEstimates: learned per provider and model).</param>
    public static double[] Compute(DramaGraph graph, IReadOnlyList<int> topologicalNodes, Func<int, bool> inRun, Func<PlanNode, double> expectedSeconds)
    {
        var rank = new double[graph.Nodes.Count];
        for (var i = topologicalNodes.Count - 1; i >= 0; i--)
        {
            var index = topologicalNodes[i];
            var node = graph[index];
            var after = 0.0;
            foreach (var dependent in node.DependentIndexes)
            {
                if (inRun(dependent))
                {
                    after = Math.Max(after, rank[dependent]);
                }
            }
            rank[index] = after + expectedSeconds(node);
        }
        return rank;
    }
}
