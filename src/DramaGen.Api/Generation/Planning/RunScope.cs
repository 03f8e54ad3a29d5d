using System.Text.Json.Nodes;

namespace DramaGen.Generation.Planning;

public enum ScopeKind
{
    Drama,
    Episode,
    Character,
    Audition,
    Scene,
    Asset,
    /// <summary>An explicit list of node ids (what a resume re-runs).</summary>
    Nodes,
}

/// <summary>What a generate request asked for, before the planner adds the upstream nodes it needs.</summary>
public sealed record RunScope(ScopeKind Kind, string? EpisodeId = null, string? CharacterId = null, string? SceneId = null,
    string? AssetId = null, IReadOnlyList<string>? NodeIds = null)
{
    public static readonly RunScope WholeDrama = new(ScopeKind.Drama);

    public static RunScope Episode(string episodeId) => new(ScopeKind.Episode, EpisodeId: episodeId);
    public static RunScope Character(string characterId) => new(ScopeKind.Character, CharacterId: characterId);
    public static RunScope Audition(string characterId) => new(ScopeKind.Audition, CharacterId: characterId);
    public static RunScope Scene(string episodeId, string sceneId) => new(ScopeKind.Scene, EpisodeId: episodeId, SceneId: sceneId);
    public static RunScope SceneAsset(string episodeId, string sceneId, string assetId) =>
        new(ScopeKind.Asset, EpisodeId: episodeId, SceneId: sceneId, AssetId: assetId);
    public static RunScope CharacterAsset(string characterId, string assetId) =>
        new(ScopeKind.Asset, CharacterId: characterId, AssetId: assetId);
    public static RunScope Nodes(IReadOnlyList<string> nodeIds) => new(ScopeKind.Nodes, NodeIds: nodeIds);

    public string KindName => Kind.ToString().ToLowerInvariant();

    /// <summary>The scope as stored in the parent job's metadata, so a restarted service can plan it again.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["kind"] = KindName };
        if (EpisodeId is not null) json["episode_id"] = EpisodeId;
        if (CharacterId is not null) json["character_id"] = CharacterId;
        if (SceneId is not null) json["scene_id"] = SceneId;
        if (AssetId is not null) json["asset_id"] = AssetId;
        if (NodeIds is not null) json["node_ids"] = new JsonArray([.. NodeIds.Select(id => JsonValue.Create(id))]);
        return json;
    }

    public static RunScope FromJson(JsonNode? json)
    {
        if (json is not JsonObject scope || !Enum.TryParse<ScopeKind>(scope["kind"]?.GetValue<string>(), ignoreCase: true, out var kind))
        {
            return WholeDrama;
        }
        return new RunScope(kind, Text(scope, "episode_id"), Text(scope, "character_id"), Text(scope, "scene_id"), Text(scope, "asset_id"),
            scope["node_ids"] is JsonArray ids ? ids.Select(id => id?.GetValue<string>()).OfType<string>().ToList() : null);
    }

    private static string? Text(JsonObject json, string name) => json[name]?.GetValue<string>();
}
