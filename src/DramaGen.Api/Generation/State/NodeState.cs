using System.Text.Json.Serialization;

namespace DramaGen.Generation.State;

/// <summary>The last successful output of a node and the inputs it was made from.</summary>
public sealed record NodeState
{
    [JsonPropertyName("input_hash")] public required string InputHash { get; init; }
    [JsonPropertyName("output_hash")] public required string OutputHash { get; init; }
    /// <summary>Null for structural nodes, which have no bytes.</summary>
    [JsonPropertyName("output_key")] public string? OutputKey { get; init; }
    [JsonPropertyName("url")] public string? Url { get; init; }
    [JsonPropertyName("content_type")] public string? ContentType { get; init; }
    [JsonPropertyName("job_id")] public string? JobId { get; init; }
    [JsonPropertyName("completed_at")] public DateTimeOffset CompletedAt { get; init; }
    /// <summary>The provider's operation id (videos), kept for tracing a result back to the provider.</summary>
    [JsonPropertyName("operation_id")] public string? OperationId { get; init; }
    /// <summary>Speech: the measured length of the audio, which subtitles and a cut are timed by.</summary>
    [JsonPropertyName("duration_seconds")] public double? DurationSeconds { get; init; }
}
