using DramaGen.Generation.Inputs;
using DramaGen.Generation.Planning;

namespace DramaGen.Generation.State;

/// <summary>Whether a node would run now, and why.</summary>
public readonly record struct NodeVerdict(bool Dirty, string Reason, string InputHash);

/// <summary>
/// Decides per node whether its last output is still valid: same input hash and the output still exists.
/// A node whose dependency will be regenerated is dirty too, because its input hash will change with the
/// dependency's new output. Structural nodes never make dependents dirty: their output is a constant.
/// </summary>
public static class DirtyAnalysis
{
    public static NodeVerdict[] Analyze(DramaGraph graph, DramaLookup drama, NodePrompts prompts, DramaState state,
        IReadOnlySet<string> existingOutputs, Func<int, bool>? forced = null)
    {
        var verdicts = new NodeVerdict[graph.Nodes.Count];
        foreach (var index in graph.TopologicalOrder)
        {
            var node = graph.Nodes[index];
            var hash = InputHashOf(node, graph, drama, prompts, state);
            var recorded = state.Get(node.Id);
            string? reason = null;
            if (forced?.Invoke(index) == true)
            {
                reason = "forced";
            }
            else if (node.Capability != Capability.None
                && node.DependencyIndexes.FirstOrDefault(dependency => verdicts[dependency].Dirty
                    && graph.Nodes[dependency].Capability != Capability.None, -1) is var dirtyDependency and >= 0)
            {
                reason = $"depends on {graph.Nodes[dirtyDependency].Id}, which will be regenerated";
            }
            else if (recorded is null)
            {
                reason = node.Capability == Capability.None ? "not recorded yet" : "never generated";
            }
            else if (recorded.InputHash != hash)
            {
                reason = "inputs changed (prompt, style, aspect ratio, provider, model or an upstream output)";
            }
            else if (recorded.OutputKey is not null && !existingOutputs.Contains(recorded.OutputKey))
            {
                reason = "output missing";
            }
            verdicts[index] = new NodeVerdict(reason is not null, reason ?? "up to date", hash);
        }
        return verdicts;
    }

    /// <summary>The hash from the recorded outputs of the node's dependencies, as they stand now.</summary>
    public static string InputHashOf(PlanNode node, DramaGraph graph, DramaLookup drama, NodePrompts prompts, DramaState state) =>
        InputHasher.Compute(node.Id, prompts.InputFor(node, drama),
            node.DependencyIndexes.Select(dependency => graph.Nodes[dependency]).Select(dependency =>
                (dependency.Id, dependency.Capability == Capability.None
                    ? InputHasher.StructuralOutput(dependency.Id)
                    : state.Get(dependency.Id)?.OutputHash)));

    public static IReadOnlyCollection<string> RecordedOutputKeys(DramaGraph graph, DramaState state) =>
        graph.Nodes.Select(node => state.Get(node.Id)?.OutputKey).OfType<string>().ToList();
}
