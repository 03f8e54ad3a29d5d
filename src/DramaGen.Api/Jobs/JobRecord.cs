using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace DramaGen.Jobs;

/// <summary>
/// A job as persisted in JOBS_DIR (snake_case, as the Python service wrote it) and as the API answers it: the one
/// list of a job's fields (<see cref="ParentJobView"/> adds a parent's counts and children to these).
/// </summary>
public class JobRecord
{
    [JsonPropertyName("job_id")] public string JobId { get; set; } = "";
    [JsonPropertyName("drama_id")] public string DramaId { get; set; } = "";
    /// <summary>The DAG node id, or the drama id for whole-drama jobs.</summary>
    [JsonPropertyName("asset_id")] public string? AssetId { get; set; }
    /// <summary>image, video, drama, improve, critique, dag, ...</summary>
    [JsonPropertyName("job_type")] public string JobType { get; set; } = "";
    [JsonPropertyName("status")] public JobStatus Status { get; set; } = JobStatus.Pending;
    [JsonPropertyName("prompt")] public string? Prompt { get; set; }
    [JsonPropertyName("r2_url")] public string? R2Url { get; set; }
    [JsonPropertyName("error")] public string? Error { get; set; }
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; set; }
    [JsonPropertyName("started_at")] public DateTimeOffset? StartedAt { get; set; }
    [JsonPropertyName("completed_at")] public DateTimeOffset? CompletedAt { get; set; }
    [JsonPropertyName("parent_job_id")] public string? ParentJobId { get; set; }
    [JsonPropertyName("metadata")] public JsonObject Metadata { get; set; } = [];
    [JsonPropertyName("result")] public JsonNode? Result { get; set; }
    /// <summary>
    /// USD the providers billed for this job (every attempt), exact; a parent's is the sum of its children's.
    /// Absent when nothing was billed; metadata.cost_unpriced says when part of it had no price.
    /// </summary>
    [JsonPropertyName("cost_usd"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public decimal? CostUsd { get; set; }

    [JsonIgnore] public bool IsFinished => Status.IsFinal();

    /// <summary>A copy that shares no mutable JSON with this one (the store hands out and keeps copies).</summary>
    public JobRecord Clone()
    {
        var copy = (JobRecord)MemberwiseClone();
        copy.Metadata = Metadata?.DeepClone() as JsonObject ?? [];
        copy.Result = Result?.DeepClone();
        return copy;
    }
}

/// <summary>How job records are (de)serialized, by every store and in every answer: compact, with the record's own field names.</summary>
public static class JobJson
{
    public static readonly JsonSerializerOptions Options = new() { WriteIndented = false };
}
