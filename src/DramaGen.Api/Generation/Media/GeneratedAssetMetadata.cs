using System.Text.Json.Serialization;

namespace DramaGen.Generation.Media;

/// <summary>The {asset_id}_metadata.json document of the asset library (snake_case, as the seeds wrote it; same shape as Storage.Assets.AssetMetadata).</summary>
public sealed class GeneratedAssetMetadata
{
    [JsonPropertyName("asset_id")] public required string AssetId { get; init; }
    [JsonPropertyName("user_id")] public required string UserId { get; init; }
    [JsonPropertyName("project_name")] public required string ProjectName { get; init; }
    [JsonPropertyName("asset_type")] public required string AssetType { get; init; }
    [JsonPropertyName("tag")] public required string Tag { get; init; }
    [JsonPropertyName("filename")] public required string Filename { get; init; }
    [JsonPropertyName("r2_key")] public required string R2Key { get; init; }
    [JsonPropertyName("public_url")] public required string PublicUrl { get; init; }
    [JsonPropertyName("size_bytes")] public long SizeBytes { get; init; }
    [JsonPropertyName("content_type")] public required string ContentType { get; init; }
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; init; }
    [JsonPropertyName("metadata")] public Dictionary<string, string> Metadata { get; init; } = [];
}
