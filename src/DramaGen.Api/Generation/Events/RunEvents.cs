using System.Text.Json.Nodes;
using DramaGen.Jobs;

namespace DramaGen.Generation.Events;

/// <summary>Builds the <see cref="RunEvent"/>s the scheduler publishes.</summary>
public static class RunEvents
{
    public const string NodeKind = "node";
    public const string ProgressKind = "progress";
    public const string EndKind = "end";

    public static RunEvent Node(string parentJobId, string dramaId, string nodeId, string jobId, JobStatus status, string? url = null,
        string? error = null) =>
        new(parentJobId, dramaId, NodeKind, new JsonObject
        {
            ["node_id"] = nodeId,
            ["job_id"] = jobId,
            ["status"] = status.ToWire(),
            ["url"] = url,
            ["error"] = error,
        });

    /// <param name="costUsd">What the run's providers billed so far.</param>
    /// <param name="etaSeconds">The run's expected remaining seconds while it runs (eta_seconds; absent when unknown).</param>
    public static RunEvent Progress(string parentJobId, string dramaId, JobStatus status, JobCounts counts, decimal? costUsd = null,
        double? etaSeconds = null)
    {
        var data = CountsJson(status, counts, costUsd);
        if (etaSeconds is not null)
        {
            data["eta_seconds"] = etaSeconds;
        }
        return new(parentJobId, dramaId, ProgressKind, data);
    }

    /// <summary>
    /// How far a progress event's counts are: the nodes finished, then the nodes started. A finished job stays finished, so
    /// while a run goes on neither goes back; an event behind another was counted before it.
    /// </summary>
    public static (int Finished, int Started) AdvanceOf(JsonObject progress)
    {
        int Count(string field) => progress[field]?.GetValue<int>() ?? 0;
        var total = Count("total_jobs");
        return (total - Count("pending_jobs") - Count("running_jobs"), total - Count("pending_jobs"));
    }

    public static RunEvent End(string parentJobId, string dramaId, JobStatus status, JobCounts counts, string? error, decimal? costUsd = null) =>
        new(parentJobId, dramaId, EndKind, CountsJson(status, counts, costUsd, error));

    private static JsonObject CountsJson(JobStatus status, JobCounts counts, decimal? costUsd, string? error = null) => new()
    {
        ["status"] = status.ToWire(),
        ["total_jobs"] = counts.Total,
        ["completed_jobs"] = counts.Completed,
        ["failed_jobs"] = counts.Failed,
        ["running_jobs"] = counts.Running,
        ["pending_jobs"] = counts.Pending,
        ["skipped_jobs"] = counts.Skipped,
        ["cost_usd"] = costUsd ?? 0m,
        ["error"] = error,
    };
}
