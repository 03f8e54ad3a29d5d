using System.Text.Json.Serialization;

namespace DramaGen.Generation.Runs;

/// <summary>The optional body of the generate routes.</summary>
public sealed class GenerateRequest
{
    /// <summary>Regenerate what the request names even when it is up to date.</summary>
    [JsonPropertyName("force")] public bool Force { get; set; }

    /// <summary>Owner of the generated assets; DEFAULT_USER_ID when absent.</summary>
    [JsonPropertyName("user_id")] public string? UserId { get; set; }

    /// <summary>Asset library project; the drama id when absent.</summary>
    [JsonPropertyName("project_name")] public string? ProjectName { get; set; }

    /// <summary>POST /execute only: true runs what the last run left unfinished, as /resume.</summary>
    [JsonPropertyName("resume")] public bool Resume { get; set; }
}
