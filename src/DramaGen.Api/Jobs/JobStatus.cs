using System.Text.Json.Serialization;

namespace DramaGen.Jobs;

/// <summary>
/// Where a job is in its life. Persisted and answered as the Python service's lowercase strings ("pending", ...);
/// which status may follow which is <see cref="JobTransitions"/>.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobStatus>))]
public enum JobStatus
{
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("running")] Running,
    [JsonStringEnumMemberName("completed")] Completed,
    [JsonStringEnumMemberName("failed")] Failed,
    /// <summary>Did not run: a dependency did not complete, or its node left the drama or was abandoned.</summary>
    [JsonStringEnumMemberName("skipped")] Skipped,
    /// <summary>
    /// Stopped on request. Nothing in the engine writes it yet: a deleted drama's jobs end failed or skipped with an error
    /// saying "cancelled: ...", the statuses the frontend knows; a distributed worker may cancel a job it will not run.
    /// </summary>
    [JsonStringEnumMemberName("cancelled")] Cancelled,
}

public static class JobStatuses
{
    public static bool IsFinal(this JobStatus status) => status is JobStatus.Completed or JobStatus.Failed or JobStatus.Skipped or JobStatus.Cancelled;

    /// <summary>The persisted and answered spelling.</summary>
    public static string ToWire(this JobStatus status) => status switch
    {
        JobStatus.Pending => "pending",
        JobStatus.Running => "running",
        JobStatus.Completed => "completed",
        JobStatus.Failed => "failed",
        JobStatus.Skipped => "skipped",
        JobStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static bool TryParse(string wire, out JobStatus status)
    {
        foreach (var candidate in Enum.GetValues<JobStatus>())
        {
            if (candidate.ToWire() == wire)
            {
                status = candidate;
                return true;
            }
        }
        status = default;
        return false;
    }
}
