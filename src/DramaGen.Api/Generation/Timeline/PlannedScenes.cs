using DramaGen.Dramas;
using DramaGen.Generation.Planning;

namespace DramaGen.Generation.Timeline;

/// <summary>
/// The timeline as the drama alone plans it: every clip and storyboard as if made (named by node id), every
/// line as written, unmeasured. What a cut's input hash covers beside its dependencies' outputs, which
/// carry the rest (which files exist, their bytes, how long each line was spoken).
/// </summary>
public sealed class PlannedScenes : ISceneMedia, ISceneLines
{
    public static readonly PlannedScenes Instance = new();

    public string? ClipKeyOf(string episodeId, Scene scene) =>
        (scene.Assets ?? []).FirstOrDefault(asset => asset?.Type == AssetTypes.Video) is { } clip
            ? NodeIds.SceneAsset(episodeId, scene.Id, clip.Id)
            : null;

    public string? StillKeyOf(string episodeId, Scene scene) => NodeIds.Storyboard(episodeId, scene.Id);

    public IReadOnlyList<SceneLine> LinesOf(Drama drama, string episodeId, Scene scene) =>
        [.. (scene.Lines ?? []).Where(line => line is not null).Select(line => new SceneLine(line.Id, line.Speaker, "", line.Text, 0, null))];
}
