using DramaGen.Dramas;

namespace DramaGen.Authoring;

/// <summary>
/// The assets every drama starts with: an audition video per character and a clip per scene. The
/// storyboard is not an asset: it is the scene's own image (scene.imageUrl).
/// </summary>
public static class DefaultAssets
{
    public const string AuditionTag = "audition";
    public const string ClipTag = "clip";

    public static DramaAsset Audition(string name, string description, int durationSeconds) => new()
    {
        Id = DramaIds.Format('a', 1),
        Type = AssetTypes.Video,
        Tag = AuditionTag,
        Prompt = $"Screen test of {name}. {description} {name} faces the camera, turns slightly and speaks one line; "
            + "soft key light, shallow depth of field.",
        DurationSeconds = durationSeconds,
        DependsOn = [],
    };

    public static DramaAsset Clip(string prompt, IEnumerable<string> characterIds, int durationSeconds) => new()
    {
        Id = DramaIds.Format('a', 1),
        Type = AssetTypes.Video,
        Tag = ClipTag,
        Prompt = prompt,
        DurationSeconds = durationSeconds,
        DependsOn = characterIds.ToList(),
    };
}
