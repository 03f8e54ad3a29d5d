using DramaGen.Dramas;

namespace DramaGen.Generation.Planning;

/// <summary>
/// The generation DAG of a drama (contract.md): one node per portrait, episode, storyboard and asset,
/// edges from parent to child, from each portrait to the storyboards of the scenes its character is in,
/// and from whatever an asset's <c>dependsOn</c> names to the asset. Pure: no I/O.
/// </summary>
public sealed class DramaGraph
{
    private readonly Dictionary<string, PlanNode> _byId;

    internal DramaGraph(List<PlanNode> nodes, Dictionary<string, PlanNode> byId, int[] topologicalOrder)
    {
        Nodes = nodes;
        _byId = byId;
        TopologicalOrder = topologicalOrder;
        LevelCount = nodes.Count == 0 ? 0 : nodes.Max(node => node.Level) + 1;
    }

    /// <summary>Every node, in document order.</summary>
    public IReadOnlyList<PlanNode> Nodes { get; }

    /// <summary>Node indexes such that every node comes after all of its dependencies.</summary>
    public IReadOnlyList<int> TopologicalOrder { get; }

    public int LevelCount { get; }

    public PlanNode? Find(string nodeId) => _byId.GetValueOrDefault(nodeId);

    public PlanNode this[int index] => Nodes[index];

    /// <summary>Builds the graph, or throws <see cref="DramaGraphException"/> listing every problem found.</summary>
    public static DramaGraph Build(Drama drama, PlanningOptions? options = null) =>
        TryBuild(drama, out var graph, out var problems, options) ? graph : throw new DramaGraphException(problems);

    public static bool TryBuild(Drama drama, out DramaGraph graph, out IReadOnlyList<string> problems, PlanningOptions? options = null)
    {
        var builder = new DramaGraphBuilder(drama, options ?? PlanningOptions.PortraitsOnly);
        var (nodes, byId) = builder.Build();
        var order = GraphOrdering.Order(nodes, out var cycles);
        // Cuts come last whatever their own depth: a level scheduler reaches them when every medium is made.
        var lastLevel = nodes.Where(node => node.Kind != NodeKind.Cut).Select(node => node.Level + 1).DefaultIfEmpty(0).Max();
        foreach (var cut in nodes.Where(node => node.Kind == NodeKind.Cut))
        {
            cut.Level = lastLevel;
        }
        var all = builder.Problems.Concat(cycles).ToList();
        problems = all;
        graph = new DramaGraph(nodes, byId, order);
        return all.Count == 0;
    }

    /// <summary>
    /// What makes the drama's graph unusable: dependency cycles (named node by node), dangling
    /// <c>dependsOn</c> entries and scene characters, node ids that collide. Empty when the drama can be generated.
    /// </summary>
    public static IReadOnlyList<string> FindProblems(Drama drama, PlanningOptions? options = null)
    {
        TryBuild(drama, out _, out var problems, options);
        return problems;
    }

    /// <summary>The node and everything it transitively depends on, as indexes.</summary>
    public IEnumerable<int> Ancestors(int index)
    {
        var seen = new HashSet<int>();
        var stack = new Stack<int>(Nodes[index].DependencyIndexes);
        while (stack.Count > 0)
        {
            var next = stack.Pop();
            if (seen.Add(next))
            {
                foreach (var dependency in Nodes[next].DependencyIndexes)
                {
                    stack.Push(dependency);
                }
            }
        }
        return seen;
    }
}

/// <summary>The drama cannot be turned into a DAG; <see cref="Problems"/> says why.</summary>
public sealed class DramaGraphException(IReadOnlyList<string> problems)
    : Exception("The drama's generation graph is invalid: " + string.Join("; ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
