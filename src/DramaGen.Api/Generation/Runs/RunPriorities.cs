using DramaGen.Generation.Planning;

namespace DramaGen.Generation.Runs;

/// <summary>
/// The "bottom level" of each node: its own estimated cost plus the costliest chain of run nodes after it.
/// Serving waiting nodes in this order keeps the critical path busy, which is what brings the makespan
/// close to its lower bound when the caps are the bottleneck.
/// </summary>
public static class RunPriorities
{
    // Relative costs; only their order of magnitude matters (videos take minutes, images seconds).
    public const double ImageCost = 1;
    public const double VideoCost = 6;
    public const double SpeechCost = 0.5;

    public static double[] Compute(DramaGraph graph, IReadOnlyList<int> topologicalNodes, Func<int, bool> inRun)
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
            rank[index] = after + node.Capability switch
            {
                Capability.Image => ImageCost,
                Capability.Video => VideoCost,
                Capability.Speech => SpeechCost,
                _ => 0,
            };
        }
        return rank;
    }
}
