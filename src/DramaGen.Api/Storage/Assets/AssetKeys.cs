using DramaGen.Http;

namespace DramaGen.Storage.Assets;

/// <summary>The layout of contract.md: <c>{user_id}/{project_name}/assets/{asset_id}.{ext}</c> plus <c>{asset_id}_metadata.json</c>.</summary>
public static class AssetKeys
{
    private const string MetadataSuffix = "_metadata.json";

    public static string ProjectPrefix(string userId, string projectName) => $"{userId}/{projectName}/";

    public static string AssetsPrefix(string userId, string projectName) => $"{userId}/{projectName}/assets/";

    public static string File(string userId, string projectName, string assetId, string extension) =>
        $"{AssetsPrefix(userId, projectName)}{assetId}.{extension}";

    public static string Metadata(string userId, string projectName, string assetId) =>
        $"{AssetsPrefix(userId, projectName)}{assetId}{MetadataSuffix}";

    /// <summary>
    /// Asset ids follow the id rules, and may not end in "_metadata" (the JSON text asset "x_metadata" would be
    /// stored at the metadata key of asset "x") nor be "list" (GET /asset-library/list is the listing).
    /// </summary>
    public static bool IsValidAssetId(string? assetId) =>
        Ids.IsValid(assetId) && !assetId!.EndsWith("_metadata", StringComparison.Ordinal) && assetId != "list";

    /// <summary>True for <c>{user}/{project}/assets/{asset}_metadata.json</c> keys.</summary>
    public static bool IsMetadataKey(string key)
    {
        var segments = key.Split('/');
        return segments.Length == 4 && Ids.IsValid(segments[0]) && Ids.IsValid(segments[1]) && segments[2] == "assets"
            && segments[3].EndsWith(MetadataSuffix, StringComparison.Ordinal)
            && IsValidAssetId(segments[3][..^MetadataSuffix.Length]);
    }

    /// <summary>True for an asset's bytes (not its metadata): the files the local store may serve publicly.</summary>
    public static bool IsAssetFileKey(string key)
    {
        var segments = key.Split('/');
        if (segments.Length != 4 || !Ids.IsValid(segments[0]) || !Ids.IsValid(segments[1]) || segments[2] != "assets"
            || segments[3].EndsWith(MetadataSuffix, StringComparison.Ordinal))
        {
            return false;
        }
        var dot = segments[3].LastIndexOf('.');
        return dot > 0 && IsValidAssetId(segments[3][..dot]);
    }
}
