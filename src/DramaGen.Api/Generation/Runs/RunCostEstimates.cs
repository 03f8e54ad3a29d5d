using DramaGen.Costs;
using DramaGen.Generation.Inputs;
using DramaGen.Generation.Planning;

namespace DramaGen.Generation.Runs;

/// <summary>What the nodes a plan would run cost: each one estimated as its provider would bill it.</summary>
public sealed class RunCostEstimates(CostEstimator estimator, PriceTable prices, NodePrompts prompts)
{
    /// <summary>Estimates of the nodes the plan would execute (dirty or forced), by node index.</summary>
    public IReadOnlyDictionary<int, NodeEstimate> OfNodes(RunPlan plan, bool priceAsConfigured = false)
    {
        var estimates = new Dictionary<int, NodeEstimate>();
        foreach (var index in plan.Selected)
        {
            if (plan.Verdicts[index].Dirty || plan.IsForced(index))
            {
                estimates[index] = Of(plan.Graph[index], plan.Lookup, priceAsConfigured);
            }
        }
        return estimates;
    }

    public CostEstimateView Total(RunPlan plan, IReadOnlyDictionary<int, NodeEstimate> estimates, bool priceAsConfigured = false) =>
        CostEstimateView.Of(estimates.Select(pair => (plan.Graph[pair.Key].Capability.ToWire(), pair.Value)), priceAsConfigured, prices.CheckedOn);

    public NodeEstimate Of(PlanNode node, DramaLookup lookup, bool priceAsConfigured = false)
    {
        if (node.Capability == Capability.None)
        {
            return new NodeEstimate(GenerationProviders.NoProvider, "", 0m, []);
        }
        return Of(node, prompts.InputFor(node, lookup), priceAsConfigured);
    }

    /// <summary>The estimate of a node whose input is already built (the executor has it).</summary>
    public NodeEstimate Of(PlanNode node, NodeInput input, bool priceAsConfigured = false)
    {
        if (node.Capability == Capability.None)
        {
            return new NodeEstimate(GenerationProviders.NoProvider, "", 0m, []);
        }
        return estimator.Estimate(new CostQuery(node.Capability, input.Provider, input.Model, input.Prompt, input.DurationSeconds,
            input.AspectRatio, input.Direction), priceAsConfigured);
    }
}
