using System.Text.Json;
using System.Text.Json.Serialization;
using DramaGen.Pacing;

namespace DramaGen.Jobs;

/// <summary>
/// A parent job as polled: the record's own fields (inherited, so they are listed once, in <see cref="JobRecord"/>), then
/// its children's counts and the children themselves.
/// </summary>
public sealed class ParentJobView : JobRecord
{
    /// <summary>The job type of a generation run's parent job.</summary>
    public const string DagJobType = "dag";

    [JsonPropertyName("total_jobs"), JsonPropertyOrder(1)] public int TotalJobs { get; private set; }
    [JsonPropertyName("completed_jobs"), JsonPropertyOrder(1)] public int CompletedJobs { get; private set; }
    [JsonPropertyName("failed_jobs"), JsonPropertyOrder(1)] public int FailedJobs { get; private set; }
    [JsonPropertyName("running_jobs"), JsonPropertyOrder(1)] public int RunningJobs { get; private set; }
    [JsonPropertyName("pending_jobs"), JsonPropertyOrder(1)] public int PendingJobs { get; private set; }
    [JsonPropertyName("skipped_jobs"), JsonPropertyOrder(1)] public int SkippedJobs { get; private set; }
    /// <summary>While the run is unfinished: each capability's live limit, quotas and 429s, shared by every run.</summary>
    [JsonPropertyName("pacing"), JsonPropertyOrder(1), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, PoolState>? Pacing { get; private set; }
    /// <summary>While the run is unfinished: the expected seconds until it ends, simulated with learned latencies, caps and quotas.</summary>
    [JsonPropertyName("eta_seconds"), JsonPropertyOrder(1), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? EtaSeconds { get; private set; }
    /// <summary>The children, oldest first (job records as JSON).</summary>
    [JsonPropertyName("jobs"), JsonPropertyOrder(1)] public RawJsonArray Jobs { get; private set; } = new([]);

    /// <summary>A parent's cost: the sum of what its children billed; null when none billed anything.</summary>
    public static decimal? CostOf(IEnumerable<JobRecord> children)
    {
        decimal? sum = null;
        foreach (var child in children)
        {
            if (child.CostUsd is { } cost)
            {
                sum = (sum ?? 0m) + cost;
            }
        }
        return sum;
    }

    public static ParentJobView Of(JobRecord job, JobCounts counts, RawJsonArray children, IReadOnlyDictionary<string, PoolState>? pacing = null,
        double? etaSeconds = null)
    {
        // The record's fields are copied through their JSON, the one place they are listed.
        var view = JsonSerializer.Deserialize<ParentJobView>(JsonSerializer.SerializeToUtf8Bytes(job, JobJson.Options), JobJson.Options)!;
        view.TotalJobs = counts.Total;
        view.CompletedJobs = counts.Completed;
        view.FailedJobs = counts.Failed;
        view.RunningJobs = counts.Running;
        view.PendingJobs = counts.Pending;
        view.SkippedJobs = counts.Skipped;
        view.Pacing = pacing;
        view.EtaSeconds = etaSeconds;
        view.Jobs = children;
        return view;
    }
}
