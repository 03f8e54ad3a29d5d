using DramaGen.Dramas;
using DramaGen.Generation.Planning;

namespace DramaGen.Generation.Media;

/// <summary>What a run learnt about one node's media, to be written into the drama.</summary>
internal sealed record MediaChange(PlanNode Node, string Status, string? Url, double? DurationSeconds, string? ModeUsed, string? ModeNote);

/// <summary>
/// One flush of a run's media as edits to the characters, scenes and episodes the nodes belong to, so the drama takes them
/// as it streams through (<see cref="DramaRepository.PatchPartsAsync"/>).
/// </summary>
internal sealed class DramaMediaEdits : IDramaPartEdits
{
    private readonly Dictionary<string, List<MediaChange>> _characters = new(StringComparer.Ordinal);
    private readonly Dictionary<(string EpisodeId, string SceneId), List<MediaChange>> _scenes = [];
    private readonly IReadOnlyDictionary<string, EpisodeFilm> _films;

    public DramaMediaEdits(IEnumerable<MediaChange> changes, IReadOnlyDictionary<string, EpisodeFilm> films)
    {
        _films = films;
        foreach (var change in changes)
        {
            var node = change.Node;
            switch (node.Kind)
            {
                case NodeKind.Portrait or NodeKind.CharacterView or NodeKind.CharacterAsset when node.CharacterId is { } characterId:
                    ChangesOf(_characters, characterId).Add(change);
                    break;
                case NodeKind.Storyboard or NodeKind.EndFrame or NodeKind.TransitionFrame or NodeKind.Line or NodeKind.SceneAsset
                    when node is { EpisodeId: { } episodeId, SceneId: { } sceneId }:
                    ChangesOf(_scenes, (episodeId, sceneId)).Add(change);
                    break;
            }
        }
    }

    public bool EditsCharacter(string characterId) => _characters.ContainsKey(characterId);

    public bool EditsEpisode(string episodeId) => _films.ContainsKey(episodeId);

    public bool EditsScene(string episodeId, string sceneId) => _scenes.ContainsKey((episodeId, sceneId));

    public void EditEpisode(Episode episode) => _films[episode.Id].ApplyTo(episode);

    public void EditCharacter(Character character)
    {
        foreach (var change in _characters[character.Id])
        {
            var node = change.Node;
            switch (node.Kind)
            {
                case NodeKind.Portrait when change.Url is not null:
                    character.ImageUrl = change.Url;
                    break;
                case NodeKind.CharacterView when change.Url is not null:
                    (character.Views ??= new Dictionary<string, string>(StringComparer.Ordinal))[node.View!] = change.Url;
                    break;
                case NodeKind.CharacterAsset:
                    EditAsset(character.Assets, change);
                    break;
            }
        }
    }

    public void EditScene(string episodeId, Scene scene)
    {
        foreach (var change in _scenes[(episodeId, scene.Id)])
        {
            var node = change.Node;
            switch (node.Kind)
            {
                case NodeKind.Storyboard when change.Url is not null:
                    scene.ImageUrl = change.Url;
                    break;
                case NodeKind.EndFrame when scene.EndFrame is not null && change.Url is not null:
                    scene.EndFrame.ImageUrl = change.Url;
                    break;
                case NodeKind.TransitionFrame when scene.TransitionFrame is not null && change.Url is not null:
                    scene.TransitionFrame.ImageUrl = change.Url;
                    break;
                case NodeKind.Line when change.Url is not null:
                    // A line edited since the run started keeps its new text; its audio is stale and is not attached.
                    if (scene.Lines?.FirstOrDefault(l => l?.Id == node.LineId) is { } line && line.Text == node.Line?.Text && line.Speaker == node.Line?.Speaker)
                    {
                        line.AudioUrl = change.Url;
                        line.DurationSeconds = change.DurationSeconds;
                    }
                    break;
                case NodeKind.SceneAsset:
                    EditAsset(scene.Assets, change);
                    break;
            }
        }
    }

    private static void EditAsset(List<DramaAsset>? assets, MediaChange change)
    {
        if (assets?.FirstOrDefault(a => a?.Id == change.Node.AssetId) is not { } asset)
        {
            return;
        }
        asset.Status = change.Status;
        asset.Url = change.Url ?? asset.Url;
        if (change.ModeUsed is not null)
        {
            asset.ModeUsed = change.ModeUsed;
            asset.ModeNote = change.ModeNote;
        }
    }

    private static List<MediaChange> ChangesOf<TKey>(Dictionary<TKey, List<MediaChange>> changes, TKey key) where TKey : notnull
    {
        if (!changes.TryGetValue(key, out var list))
        {
            changes[key] = list = [];
        }
        return list;
    }
}
