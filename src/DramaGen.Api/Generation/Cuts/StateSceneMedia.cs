using DramaGen.Dramas;
using DramaGen.Generation.Timeline;
using DramaGen.Generation.Planning;
using DramaGen.Generation.State;

namespace DramaGen.Generation.Cuts;

/// <summary>A scene's clip (its first video asset) and storyboard as the node state records them.</summary>
public sealed class StateSceneMedia(DramaState state) : ISceneMedia
{
    public string? ClipKeyOf(string episodeId, Scene scene) =>
        (scene.Assets ?? []).FirstOrDefault(asset => asset?.Type == AssetTypes.Video) is { } clip
            ? state.Get(NodeIds.SceneAsset(episodeId, scene.Id, clip.Id))?.OutputKey
            : null;

    public string? StillKeyOf(string episodeId, Scene scene) => state.Get(NodeIds.Storyboard(episodeId, scene.Id))?.OutputKey;
}
