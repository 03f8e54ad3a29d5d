namespace DramaGen.Generation.Planning;

/// <summary>Picks the nodes a run executes: the scope's targets plus every upstream node they need and that is not up to date.</summary>
public static class PlanSelection
{
    /// <param name="needsWork">Whether a node is dirty (for targets: or forced).</param>
    /// <returns>Node indexes in topological order.</returns>
    public static IReadOnlyList<int> Select(DramaGraph graph, IReadOnlyList<int> targets, Func<int, bool> isTarget,
        Func<int, bool> needsWork)
    {
        var selected = new bool[graph.Nodes.Count];
        var visited = new bool[graph.Nodes.Count];
        var stack = new Stack<int>();
        foreach (var target in targets)
        {
            if (needsWork(target))
            {
                selected[target] = true;
                stack.Push(target);
            }
        }
        while (stack.Count > 0)
        {
            foreach (var dependency in graph.Nodes[stack.Pop()].DependencyIndexes)
            {
                if (visited[dependency])
                {
                    continue;
                }
                visited[dependency] = true;
                // Walk through up-to-date dependencies too: their own dependencies may still lack output.
                stack.Push(dependency);
                if (!isTarget(dependency) && needsWork(dependency))
                {
                    selected[dependency] = true;
                }
            }
        }
        return [.. graph.TopologicalOrder.Where(index => selected[index])];
    }
}
