using DramaGen.Costs;

namespace DramaGen.Generation.Runs;

/// <summary>GET /dramas/{id}/plan: the DAG without running it.</summary>
/// <param name="Cost">What the dirty nodes would cost now.</param>
public sealed record PlanView(string DramaId, string Mode, int Levels, PlanTotals Totals, IReadOnlyList<PlanNodeView> Nodes, CostEstimateView Cost);

/// <param name="Dirty">Nodes a generate of the whole drama would run now.</param>
public sealed record PlanTotals(int Nodes, int Dirty, int UpToDate);

/// <param name="Provider">The provider the node would call; "none" for structural nodes.</param>
/// <param name="Dirty">Whether a generate would run it now.</param>
/// <param name="Reason">Why it is dirty, or "up to date".</param>
/// <param name="Url">Its current output, if any.</param>
/// <param name="EstimatedCostUsd">What running it now would cost; null when it would not run, or when its model has no price (<paramref name="CostUnpriced"/>).</param>
public sealed record PlanNodeView(string Id, string Kind, string Provider, int Level, IReadOnlyList<string> DependsOn, bool Dirty,
    string Reason, string? Url, DateTimeOffset? GeneratedAt, decimal? EstimatedCostUsd = null, bool CostUnpriced = false);
