namespace DramaGen.Generation.Planning;

/// <summary>Kahn's algorithm: a topological order, levels as the longest path from a root, and the cycles that block it.</summary>
internal static class GraphOrdering
{
    public static int[] Order(List<PlanNode> nodes, out List<string> cycles)
    {
        var pending = new int[nodes.Count];
        var queue = new Queue<int>();
        foreach (var node in nodes)
        {
            pending[node.Index] = node.DependencyIndexes.Count;
            node.Level = 0;
            if (pending[node.Index] == 0)
            {
                queue.Enqueue(node.Index);
            }
        }
        var order = new List<int>(nodes.Count);
        while (queue.Count > 0)
        {
            var index = queue.Dequeue();
            order.Add(index);
            foreach (var dependent in nodes[index].DependentIndexes)
            {
                nodes[dependent].Level = Math.Max(nodes[dependent].Level, nodes[index].Level + 1);
                if (--pending[dependent] == 0)
                {
                    queue.Enqueue(dependent);
                }
            }
        }
        cycles = order.Count == nodes.Count ? [] : DescribeCycles(nodes, pending);
        return [.. order];
    }

    /// <summary>
    /// Every node left with unmet dependencies has one among the other leftovers, so following those
    /// dependencies from any leftover node must come back to a node already on the walk: that loop is a cycle.
    /// </summary>
    private static List<string> DescribeCycles(List<PlanNode> nodes, int[] pending)
    {
        var cycles = new List<string>();
        var done = new bool[nodes.Count];
        foreach (var start in nodes.Where(node => pending[node.Index] > 0).Select(node => node.Index))
        {
            if (done[start])
            {
                continue;
            }
            var walk = new List<int>();
            var position = new Dictionary<int, int>();
            var current = start;
            while (!done[current] && !position.ContainsKey(current))
            {
                position[current] = walk.Count;
                walk.Add(current);
                current = nodes[current].DependencyIndexes.First(dependency => pending[dependency] > 0);
            }
            if (!done[current])
            {
                var loop = walk.Skip(position[current]).Select(index => nodes[index].Id).ToList();
                loop.Add(nodes[current].Id);
                cycles.Add($"dependency cycle: {string.Join(" -> ", loop)} (each node depends on the next)");
            }
            walk.ForEach(index => done[index] = true);
        }
        return cycles;
    }
}
