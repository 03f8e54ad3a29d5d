using DramaGen.Dramas;

namespace DramaGen.Generation.Planning;

/// <summary>Creates the nodes in document order, then the edges, collecting every problem on the way.</summary>
internal sealed class DramaGraphBuilder(Drama drama, bool withCuts = false)
{
    private readonly List<PlanNode> _nodes = [];
    private readonly Dictionary<string, PlanNode> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PlanNode> _portraits = new(StringComparer.Ordinal);

    public List<string> Problems { get; } = [];

    public (List<PlanNode> Nodes, Dictionary<string, PlanNode> ById) Build()
    {
        var characters = (drama.Characters ?? []).Where(character => character is not null).ToList();
        var episodes = (drama.Episodes ?? []).Where(episode => episode is not null).ToList();
        var owners = new List<(PlanNode Owner, List<(DramaAsset Asset, PlanNode Node)> Assets)>();

        foreach (var character in characters)
        {
            var portrait = Add(NodeIds.Portrait(character.Id), NodeKind.Portrait, Capability.Image, $"character '{character.Id}'",
                characterId: character.Id);
            if (portrait is not null)
            {
                _portraits.TryAdd(character.Id, portrait);
                owners.Add((portrait, AddAssets(character.Assets, portrait,
                    asset => NodeIds.CharacterAsset(character.Id, asset.Id), NodeKind.CharacterAsset, character.Id, null, null)));
            }
        }
        foreach (var episode in episodes)
        {
            var episodeNode = Add(NodeIds.Episode(episode.Id), NodeKind.Episode, Capability.None, $"episode '{episode.Id}'",
                episodeId: episode.Id);
            foreach (var scene in (episode.Scenes ?? []).Where(scene => scene is not null))
            {
                var storyboard = Add(NodeIds.Storyboard(episode.Id, scene.Id), NodeKind.Storyboard, Capability.Image,
                    $"scene '{episode.Id}/{scene.Id}'", episodeId: episode.Id, sceneId: scene.Id);
                if (storyboard is null)
                {
                    continue;
                }
                if (episodeNode is not null)
                {
                    storyboard.AddDependency(episodeNode);
                }
                foreach (var characterId in scene.Characters ?? [])
                {
                    if (characterId is not null && _portraits.TryGetValue(characterId, out var portrait))
                    {
                        storyboard.AddDependency(portrait);
                    }
                    else
                    {
                        Problems.Add($"scene '{episode.Id}/{scene.Id}' names character '{characterId}', which does not exist");
                    }
                }
                AddLines(episode.Id, scene);
                owners.Add((storyboard, AddAssets(scene.Assets, storyboard,
                    asset => NodeIds.SceneAsset(episode.Id, scene.Id, asset.Id), NodeKind.SceneAsset, null, episode.Id, scene.Id)));
            }
        }
        foreach (var (owner, assets) in owners)
        {
            LinkAssetDependencies(owner, assets);
        }
        if (withCuts)
        {
            foreach (var episode in episodes)
            {
                AddCut(episode);
            }
        }
        return (_nodes, _byId);
    }

    private List<(DramaAsset, PlanNode)> AddAssets(List<DramaAsset>? assets, PlanNode owner, Func<DramaAsset, string> idOf,
        NodeKind kind, string? characterId, string? episodeId, string? sceneId)
    {
        var added = new List<(DramaAsset, PlanNode)>();
        foreach (var asset in (assets ?? []).Where(asset => asset is not null))
        {
            var capability = asset.Type switch
            {
                AssetTypes.Image => Capability.Image,
                AssetTypes.Video => Capability.Video,
                AssetTypes.Audio => Capability.Speech,
                _ => Capability.None,
            };
            var node = Add(idOf(asset), kind, capability, $"asset '{asset.Id}' of {owner.Id}", characterId ?? owner.CharacterId,
                episodeId, sceneId, asset);
            if (node is not null)
            {
                node.AddDependency(owner);
                added.Add((asset, node));
            }
        }
        return added;
    }

    /// <summary>
    /// cut_{e} waits for what its film shows and says: each scene's storyboard, clip (its first video asset) and lines.
    /// </summary>
    private void AddCut(Episode episode)
    {
        if (string.IsNullOrEmpty(episode.Id) || _byId.ContainsKey(NodeIds.Cut(episode.Id)))
        {
            return;
        }
        var cut = Add(NodeIds.Cut(episode.Id), NodeKind.Cut, Capability.Cut, $"the cut of episode '{episode.Id}'", episodeId: episode.Id);
        if (cut is null)
        {
            return;
        }
        foreach (var scene in (episode.Scenes ?? []).Where(scene => scene is not null))
        {
            if (_byId.GetValueOrDefault(NodeIds.Storyboard(episode.Id, scene.Id)) is { } storyboard)
            {
                cut.AddDependency(storyboard);
            }
            if ((scene.Assets ?? []).FirstOrDefault(asset => asset?.Type == AssetTypes.Video) is { } clip
                && _byId.GetValueOrDefault(NodeIds.SceneAsset(episode.Id, scene.Id, clip.Id)) is { } clipNode)
            {
                cut.AddDependency(clipNode);
            }
            foreach (var line in (scene.Lines ?? []).Where(line => line is not null))
            {
                if (_byId.GetValueOrDefault(NodeIds.Line(episode.Id, scene.Id, line.Id)) is { } lineNode)
                {
                    cut.AddDependency(lineNode);
                }
            }
        }
    }

    /// <summary>
    /// A line depends on nothing: its text, voice and direction are its whole input, so editing one line
    /// re-speaks that line only and a storyboard or clip never waits for speech.
    /// </summary>
    private void AddLines(string episodeId, Scene scene)
    {
        foreach (var line in (scene.Lines ?? []).Where(line => line is not null))
        {
            Add(NodeIds.Line(episodeId, scene.Id, line.Id), NodeKind.Line, Capability.Speech, $"line '{line.Id}' of scene '{episodeId}/{scene.Id}'",
                episodeId: episodeId, sceneId: scene.Id, line: line);
        }
    }

    /// <summary>
    /// A dependsOn entry is, in this order: a character id (its portrait), an asset id of the same owner,
    /// or a full node id.
    /// </summary>
    private void LinkAssetDependencies(PlanNode owner, List<(DramaAsset Asset, PlanNode Node)> assets)
    {
        var siblings = new Dictionary<string, PlanNode>(StringComparer.Ordinal);
        foreach (var (asset, node) in assets)
        {
            siblings.TryAdd(asset.Id, node);
        }
        foreach (var (asset, node) in assets)
        {
            foreach (var reference in asset.DependsOn ?? [])
            {
                var target = reference is null ? null
                    : _portraits.GetValueOrDefault(reference) ?? siblings.GetValueOrDefault(reference) ?? _byId.GetValueOrDefault(reference);
                if (target is null)
                {
                    Problems.Add($"{node.Id} depends on '{reference}', which is not a character id, an asset id of {owner.Id} or a node id");
                    continue;
                }
                node.AddDependency(target);
            }
        }
    }

    private PlanNode? Add(string id, NodeKind kind, Capability capability, string what, string? characterId = null,
        string? episodeId = null, string? sceneId = null, DramaAsset? asset = null, Line? line = null)
    {
        var ownId = line is not null ? line.Id : asset?.Id ?? sceneId ?? (kind is NodeKind.Episode or NodeKind.Cut ? episodeId : characterId);
        if (string.IsNullOrEmpty(ownId))
        {
            Problems.Add($"{what} has no id");
            return null;
        }
        if (_byId.ContainsKey(id))
        {
            Problems.Add($"node id '{id}' of {what} is used twice (ids must be unique within their owner, and '_' in ids can make two ids collide)");
            return null;
        }
        var node = new PlanNode(_nodes.Count, id, kind, capability)
        {
            CharacterId = characterId,
            EpisodeId = episodeId,
            SceneId = sceneId,
            AssetId = asset?.Id,
            AssetType = asset?.Type,
            Asset = asset,
            LineId = line?.Id,
            Line = line,
        };
        _nodes.Add(node);
        _byId.Add(id, node);
        return node;
    }
}
