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

    /// <summary>Generate one asset only: replaces the asset's stored prompt (the drama keeps what was generated).</summary>
    [JsonPropertyName("prompt")] public string? Prompt { get; set; }

    /// <summary>Generate one asset only: replaces the asset's stored duration in seconds.</summary>
    [JsonPropertyName("duration")] public int? Duration { get; set; }

    /// <summary>Generate one asset only: URLs of this service's own media or asset-library ids, sent as references.</summary>
    [JsonPropertyName("reference_images")] public List<string>? ReferenceImages { get; set; }

    /// <summary>What this run may cost at most (USD); its nodes that would pass it are not run (reason "budget").</summary>
    [JsonPropertyName("max_cost_usd")] public decimal? MaxCostUsd { get; set; }

    /// <summary>Start even when the estimate exceeds the budget left: run what fits, refuse the rest node by node.</summary>
    [JsonPropertyName("run_what_fits")] public bool RunWhatFits { get; set; }

    /// <summary>POST /execute only: true runs what the last run left unfinished, as /resume.</summary>
    [JsonPropertyName("resume")] public bool Resume { get; set; }
}
