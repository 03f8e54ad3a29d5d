using Microsoft.Extensions.Configuration;

namespace DramaGen.Configuration;

/// <summary>
/// Where dramas and assets live. With no R2 settings the service uses a local directory (STORAGE_DIR).
/// </summary>
public sealed class StorageOptions
{
    [ConfigurationKeyName("R2_ACCOUNT_ID")] public string? R2AccountId { get; set; }
    [ConfigurationKeyName("R2_ACCESS_KEY_ID")] public string? R2AccessKeyId { get; set; }
    [ConfigurationKeyName("R2_SECRET_ACCESS_KEY")] public string? R2SecretAccessKey { get; set; }
    [ConfigurationKeyName("R2_BUCKET")] public string R2Bucket { get; set; } = "sfd-production";
    /// <summary>Public base URL of the bucket, e.g. https://pub-xxx.r2.dev.</summary>
    [ConfigurationKeyName("R2_PUBLIC_URL")] public string? R2PublicUrl { get; set; }
    /// <summary>Any S3-compatible endpoint; overrides the one derived from R2_ACCOUNT_ID.</summary>
    [ConfigurationKeyName("R2_ENDPOINT")] public string? R2Endpoint { get; set; }
    /// <summary>Signing region for R2_ENDPOINT (R2 ignores it; "auto").</summary>
    [ConfigurationKeyName("R2_REGION")] public string R2Region { get; set; } = "auto";
    /// <summary>Directory of the embedded local store.</summary>
    [ConfigurationKeyName("STORAGE_DIR")] public string StorageDir { get; set; } = "./data";
    /// <summary>Absolute base for local public URLs (e.g. https://host); empty gives relative /files/... URLs.</summary>
    [ConfigurationKeyName("PUBLIC_BASE_URL")] public string? PublicBaseUrl { get; set; }

    public bool UsesS3 => !string.IsNullOrWhiteSpace(R2Endpoint) || !string.IsNullOrWhiteSpace(R2AccountId);

    public string? ResolvedEndpoint => !string.IsNullOrWhiteSpace(R2Endpoint)
        ? R2Endpoint
        : string.IsNullOrWhiteSpace(R2AccountId) ? null : $"https://{R2AccountId}.r2.cloudflarestorage.com";
}
