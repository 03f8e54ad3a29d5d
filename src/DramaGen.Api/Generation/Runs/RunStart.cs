using DramaGen.Costs;
using DramaGen.Jobs;

namespace DramaGen.Generation.Runs;

public enum RunStartStatus
{
    Accepted,
    /// <summary>The drama, or what the scope names in it, does not exist.</summary>
    NotFound,
    /// <summary>The drama's graph has cycles or dangling references.</summary>
    InvalidGraph,
    /// <summary>The drama already has a run in progress (<see cref="RunStart.RunningJobId"/>).</summary>
    Conflict,
    /// <summary>The estimate exceeds what is left of a budget (<see cref="RunStart.Estimate"/>, <see cref="RunStart.BudgetLeft"/>).</summary>
    OverBudget,
}

/// <summary>The answer to a generate request: the parent job, or why there is none.</summary>
/// <param name="Estimate">What the run's nodes are estimated to cost.</param>
public sealed record RunStart(RunStartStatus Status, JobRecord? Job = null, string? Detail = null, IReadOnlyList<string>? Problems = null,
    string? RunningJobId = null, CostEstimateView? Estimate = null, BudgetLeft? BudgetLeft = null)
{
    public static RunStart OverBudget(CostEstimateView estimate, BudgetLeft left) => new(RunStartStatus.OverBudget,
        Detail: estimate.IsComplete
            ? FormattableString.Invariant($"The run is estimated at {estimate.TotalUsd:0.######} USD and {left.Usd:0.######} USD is left of {left.Limit}. Send \"run_what_fits\": true to run what fits.")
            : FormattableString.Invariant($"{estimate.UnpricedNodes} of the run's nodes have no price and {left.Limit} applies. Send \"run_what_fits\": true to run what fits."),
        Estimate: estimate, BudgetLeft: left);

    public static RunStart Conflict(string runningJobId, string detail) => new(RunStartStatus.Conflict, Detail: detail, RunningJobId: runningJobId);
    public static RunStart Accepted(JobRecord job, string? detail = null) => new(RunStartStatus.Accepted, job, detail);
    public static RunStart NotFound(string detail) => new(RunStartStatus.NotFound, Detail: detail);
    public static RunStart Invalid(IReadOnlyList<string> problems) =>
        new(RunStartStatus.InvalidGraph, Detail: string.Join("; ", problems), Problems: problems);
}
