using System.Text.Json.Serialization;

namespace DramaGen.Storage.Assets;

[JsonConverter(typeof(JsonStringEnumConverter<AssetType>))]
public enum AssetType
{
    [JsonStringEnumMemberName("image")] Image,
    [JsonStringEnumMemberName("video")] Video,
    [JsonStringEnumMemberName("audio")] Audio,
    [JsonStringEnumMemberName("text")] Text,
}

public static class AssetTypes
{
    public static string Name(this AssetType type) => type.ToString().ToLowerInvariant();

    /// <summary>Only the lower-case names of the contract ("image"), not numbers or other spellings.</summary>
    public static bool TryParse(string? value, out AssetType type)
    {
        foreach (var candidate in Enum.GetValues<AssetType>())
        {
            if (value == candidate.Name())
            {
                type = candidate;
                return true;
            }
        }
        type = default;
        return false;
    }
}
