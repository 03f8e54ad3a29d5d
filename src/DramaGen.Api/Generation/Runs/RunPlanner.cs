using DramaGen.Dramas;
using DramaGen.Generation.Inputs;
using DramaGen.Generation.Planning;
using DramaGen.Generation.State;
using DramaGen.Jobs;
using DramaGen.Storage;

namespace DramaGen.Generation.Runs;

/// <summary>A drama's plan for a scope: every node's verdict, and which nodes a run would execute.</summary>
/// <param name="Selected">Node indexes the run executes, in topological order.</param>
/// <param name="Targets">What the scope names directly.</param>
public sealed record RunPlan(DramaGraph Graph, DramaLookup Lookup, NodeVerdict[] Verdicts, IReadOnlyList<int> Targets,
    IReadOnlyList<int> Selected, Func<int, bool> IsForced);

/// <summary>
/// Plans a run: resolves the scope to target nodes, finds which recorded outputs still exist, marks dirty
/// nodes and selects the targets that need work plus the upstream nodes they need and lack.
/// </summary>
public sealed class RunPlanner(NodePrompts prompts, IObjectStore store, IJobStore jobs)
{
    /// <returns>Null when the scope names something the drama does not have.</returns>
    public async Task<RunPlan?> PlanAsync(Drama drama, DramaGraph graph, DramaState state, RunSettings settings,
        CancellationToken cancellationToken)
    {
        var targets = ResolveTargets(graph, settings);
        if (targets is null)
        {
            return null;
        }
        var isTarget = new bool[graph.Nodes.Count];
        foreach (var target in targets)
        {
            isTarget[target] = true;
        }
        Func<int, bool> forced = index => settings.Force && isTarget[index];
        var lookup = new DramaLookup(drama);
        var existing = await OutputExistence.FindExistingAsync(store, DirtyAnalysis.RecordedOutputKeys(graph, state), cancellationToken);
        var verdicts = DirtyAnalysis.Analyze(graph, lookup, prompts, state, existing, forced);
        var selected = PlanSelection.Select(graph, targets, index => isTarget[index], index => verdicts[index].Dirty);
        return new RunPlan(graph, lookup, verdicts, targets, selected, forced);
    }

    /// <summary>A resume targets what the run it resumes left failed, skipped or unfinished.</summary>
    private IReadOnlyList<int>? ResolveTargets(DramaGraph graph, RunSettings settings)
    {
        if (settings.ResumeOf is null)
        {
            return ScopeTargets.Resolve(graph, settings.Scope);
        }
        var unfinished = jobs.ListChildren(settings.ResumeOf)
            .Where(child => child.Status != JobStatus.Completed && child.AssetId is not null)
            .Select(child => child.AssetId!)
            .ToList();
        return ScopeTargets.Resolve(graph, RunScope.Nodes(unfinished));
    }
}
