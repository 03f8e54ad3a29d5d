using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using DramaGen.Pacing;

namespace DramaGen.Jobs;

/// <summary>A parent job as polled: the record, its children's counts, and the children themselves.</summary>
public sealed class ParentJobView
{
    /// <summary>The job type of a generation run's parent job.</summary>
    public const string DagJobType = "dag";

    [JsonPropertyName("job_id")] public required string JobId { get; init; }
    [JsonPropertyName("drama_id")] public required string DramaId { get; init; }
    [JsonPropertyName("asset_id")] public string? AssetId { get; init; }
    [JsonPropertyName("job_type")] public required string JobType { get; init; }
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("prompt")] public string? Prompt { get; init; }
    [JsonPropertyName("r2_url")] public string? R2Url { get; init; }
    [JsonPropertyName("error")] public string? Error { get; init; }
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; init; }
    [JsonPropertyName("started_at")] public DateTimeOffset? StartedAt { get; init; }
    [JsonPropertyName("completed_at")] public DateTimeOffset? CompletedAt { get; init; }
    [JsonPropertyName("parent_job_id")] public string? ParentJobId { get; init; }
    [JsonPropertyName("metadata")] public JsonObject Metadata { get; init; } = [];
    [JsonPropertyName("result")] public JsonNode? Result { get; init; }
    [JsonPropertyName("total_jobs")] public int TotalJobs { get; init; }
    [JsonPropertyName("completed_jobs")] public int CompletedJobs { get; init; }
    [JsonPropertyName("failed_jobs")] public int FailedJobs { get; init; }
    [JsonPropertyName("running_jobs")] public int RunningJobs { get; init; }
    [JsonPropertyName("pending_jobs")] public int PendingJobs { get; init; }
    [JsonPropertyName("skipped_jobs")] public int SkippedJobs { get; init; }
    /// <summary>While the run is unfinished: each capability's live limit, quotas and 429s, shared by every run.</summary>
    [JsonPropertyName("pacing"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, PoolState>? Pacing { get; init; }
    /// <summary>The children, oldest first (job records as JSON).</summary>
    [JsonPropertyName("jobs")] public required RawJsonArray Jobs { get; init; }

    public static ParentJobView Of(JobRecord job, JobCounts counts, RawJsonArray children, IReadOnlyDictionary<string, PoolState>? pacing = null) => new()
    {
        JobId = job.JobId,
        DramaId = job.DramaId,
        AssetId = job.AssetId,
        JobType = job.JobType,
        Status = job.Status,
        Prompt = job.Prompt,
        R2Url = job.R2Url,
        Error = job.Error,
        CreatedAt = job.CreatedAt,
        StartedAt = job.StartedAt,
        CompletedAt = job.CompletedAt,
        ParentJobId = job.ParentJobId,
        Metadata = job.Metadata,
        Result = job.Result,
        TotalJobs = counts.Total,
        CompletedJobs = counts.Completed,
        FailedJobs = counts.Failed,
        RunningJobs = counts.Running,
        PendingJobs = counts.Pending,
        SkippedJobs = counts.Skipped,
        Pacing = pacing,
        Jobs = children,
    };
}
