using DramaGen.Configuration;
using DramaGen.Dramas;
using DramaGen.Generation.Inputs;
using DramaGen.Generation.Planning;
using DramaGen.Generation.State;
using Microsoft.Extensions.Options;

namespace DramaGen.Generation.Runs;

/// <summary>Answers GET /dramas/{id}/plan from the drama and its node state, without running anything.</summary>
public sealed class PlanReader(DramaRepository dramas, DramaStateStore states, RunPlanner planner, NodePrompts prompts,
    IOptions<GenerationOptions> options, IOptions<ServiceOptions> service)
{
    /// <returns>Null when the drama does not exist.</returns>
    /// <exception cref="DramaGraphException">The drama has cycles or dangling references.</exception>
    public async Task<PlanView?> ReadAsync(string dramaId, bool force = false, CancellationToken cancellationToken = default)
    {
        var versioned = await dramas.GetAsync(dramaId, cancellationToken);
        if (versioned is null)
        {
            return null;
        }
        var graph = DramaGraph.Build(versioned.Drama, PlanningOptions.From(options.Value));
        var state = await states.ReadAsync(dramaId, cancellationToken);
        var settings = new RunSettings(RunScope.WholeDrama, force, service.Value.DefaultUserId, dramaId, options.Value.SchedulerMode);
        var plan = (await planner.PlanAsync(versioned.Drama, graph, state, settings, cancellationToken))!;
        var nodes = graph.Nodes.Select(node =>
        {
            var verdict = plan.Verdicts[node.Index];
            var recorded = state.Get(node.Id);
            return new PlanNodeView(node.Id, node.Kind.ToWire(), prompts.ProviderOf(node), node.Level, node.DependsOn, verdict.Dirty,
                verdict.Reason, recorded?.Url, recorded?.CompletedAt);
        }).ToList();
        var dirty = nodes.Count(node => node.Dirty);
        return new PlanView(dramaId, options.Value.SchedulerMode, graph.LevelCount, new PlanTotals(nodes.Count, dirty, nodes.Count - dirty), nodes);
    }
}
