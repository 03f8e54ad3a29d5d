namespace DramaGen.Http;

/// <summary>The answer to every request that starts long work (202 Accepted).</summary>
public sealed record JobResponse(string DramaId, string JobId, string Status, string Message)
{
    /// <summary>A generation run's estimated cost, where the route knows it.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public object? Estimate { get; init; }

    public static string LocationOf(string dramaId, string jobId) => $"/dramas/{dramaId}/jobs/{jobId}";

    public static JobResponse Pending(string dramaId, string jobId, string what) =>
        new(dramaId, jobId, "pending", $"{what} queued. Poll GET {LocationOf(dramaId, jobId)} for status.");
}
