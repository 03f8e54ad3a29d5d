namespace DramaGen.Generation.Planning;

/// <summary>The node ids of contract.md (as the seeds named them).</summary>
public static class NodeIds
{
    public static string Portrait(string characterId) => $"char_{characterId}";

    public static string CharacterView(string characterId, string view) => $"char_view_{characterId}_{view}";

    public static string EndFrame(string episodeId, string sceneId) => $"scene_end_{episodeId}_{sceneId}";

    public static string TransitionFrame(string episodeId, string sceneId) => $"scene_trans_{episodeId}_{sceneId}";

    public static string CharacterAsset(string characterId, string assetId) => $"char_asset_{characterId}_{assetId}";

    public static string Episode(string episodeId) => $"ep_{episodeId}";

    public static string Storyboard(string episodeId, string sceneId) => $"scene_{episodeId}_{sceneId}";

    public static string Line(string episodeId, string sceneId, string lineId) => $"line_{episodeId}_{sceneId}_{lineId}";

    /// <summary>The episode's finished film.</summary>
    public static string Cut(string episodeId) => $"cut_{episodeId}";

    /// <summary>A partial preview of the episode's film, rendered on request from what exists.</summary>
    public static string CutPreview(string episodeId) => $"cut_{episodeId}_preview";

    public static string SceneAsset(string episodeId, string sceneId, string assetId) => $"scene_asset_{episodeId}_{sceneId}_{assetId}";
}
