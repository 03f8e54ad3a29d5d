using DramaGen.Http;

namespace DramaGen.Storage.Assets;

/// <summary>The ids and filters of asset-library requests, checked together so a 400 lists every problem.</summary>
internal sealed class AssetRequestChecks
{
    private const string IdRule = "must match ^[A-Za-z0-9_-]{1,64}$";
    private readonly Dictionary<string, string[]> _errors = new();

    public bool HasErrors => _errors.Count > 0;

    public IDictionary<string, string[]> Errors => _errors;

    /// <summary>Null (absent) is fine: the default user.</summary>
    public AssetRequestChecks UserId(string? userId)
    {
        if (userId is not null && !Ids.IsValid(userId)) Add("user_id", $"'{userId}' {IdRule}.");
        return this;
    }

    public AssetRequestChecks ProjectName(string? projectName, bool required = true)
    {
        if (projectName is null ? required : !Ids.IsValid(projectName))
        {
            Add("project_name", projectName is null ? "project_name is required." : $"'{projectName}' {IdRule}.");
        }
        return this;
    }

    public AssetRequestChecks AssetId(string? assetId)
    {
        if (assetId is not null && !AssetKeys.IsValidAssetId(assetId))
        {
            Add("asset_id", $"'{assetId}' {IdRule}, and may not end in '_metadata' or be 'list'.");
        }
        return this;
    }

    public AssetRequestChecks AssetType(string? assetType, bool required, out AssetType? parsed)
    {
        parsed = null;
        if (AssetTypes.TryParse(assetType, out var type))
        {
            parsed = type;
        }
        else if (assetType is not null || required)
        {
            Add("asset_type", $"'{assetType}' is not one of image, video, audio, text.");
        }
        return this;
    }

    public AssetRequestChecks Tag(string? tag)
    {
        if (tag is not null && !Ids.IsValid(tag)) Add("tag", $"'{tag}' {IdRule}.");
        return this;
    }

    public void Add(string field, string message) =>
        _errors[field] = _errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];
}
