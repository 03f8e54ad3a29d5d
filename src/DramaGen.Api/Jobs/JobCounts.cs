using System.Text.Json.Serialization;

namespace DramaGen.Jobs;

/// <summary>How many children of a parent job are in each state.</summary>
public sealed record JobCounts(
    [property: JsonPropertyName("total_jobs")] int Total,
    [property: JsonPropertyName("completed_jobs")] int Completed,
    [property: JsonPropertyName("failed_jobs")] int Failed,
    [property: JsonPropertyName("running_jobs")] int Running,
    [property: JsonPropertyName("pending_jobs")] int Pending,
    [property: JsonPropertyName("skipped_jobs")] int Skipped)
{
    public static readonly JobCounts Empty = new(0, 0, 0, 0, 0, 0);

    [JsonIgnore] public bool AllFinished => Running == 0 && Pending == 0;
}
