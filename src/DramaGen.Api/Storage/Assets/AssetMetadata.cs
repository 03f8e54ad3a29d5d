using System.Text.Json;
using System.Text.Json.Serialization;

namespace DramaGen.Storage.Assets;

/// <summary>
/// The <c>{asset_id}_metadata.json</c> object beside each asset, in the seeds' snake_case shape. The names are
/// fixed here so the API's JSON settings cannot change the stored or served form.
/// </summary>
public sealed record AssetMetadata
{
    [JsonPropertyName("asset_id")] public required string AssetId { get; init; }
    [JsonPropertyName("user_id")] public required string UserId { get; init; }
    [JsonPropertyName("project_name")] public required string ProjectName { get; init; }
    [JsonPropertyName("asset_type")] public required AssetType AssetType { get; init; }
    [JsonPropertyName("tag")] public required string Tag { get; init; }
    [JsonPropertyName("filename")] public required string Filename { get; init; }
    [JsonPropertyName("r2_key")] public required string R2Key { get; init; }
    /// <summary>Recomputed on every read, so a presigned URL is fresh and a changed R2_PUBLIC_URL applies.</summary>
    [JsonPropertyName("public_url")] public required string PublicUrl { get; init; }
    [JsonPropertyName("size_bytes")] public required long SizeBytes { get; init; }
    [JsonPropertyName("content_type")] public required string ContentType { get; init; }
    [JsonPropertyName("created_at")] public required DateTimeOffset CreatedAt { get; init; }
    [JsonPropertyName("metadata")] public AssetProvenance Metadata { get; init; } = new();
}

/// <summary>Where an asset came from; fields beyond the seeds' three are kept as they are.</summary>
public sealed record AssetProvenance
{
    [JsonPropertyName("job_id")] public string? JobId { get; init; }
    [JsonPropertyName("prompt")] public string? Prompt { get; init; }
    /// <summary>"ai_generation" for generated media, "upload" for the upload route.</summary>
    [JsonPropertyName("source")] public string? Source { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>An asset's bytes with what is known about them.</summary>
/// <param name="Content">Read on demand (a range reads only that range); the caller disposes it.</param>
public sealed record AssetContent(Stream Content, string ContentType, AssetMetadata Metadata);

/// <summary>The bytes are not what the asset type or the client's claim says they are.</summary>
public sealed class AssetRejectedException(string message) : Exception(message);
