using DramaGen.Dramas;

namespace DramaGen.Generation.Planning;

/// <summary>Creates the nodes in document order, then the edges, collecting every problem on the way.</summary>
internal sealed class DramaGraphBuilder(Drama drama, PlanningOptions options)
{
    private readonly List<PlanNode> _nodes = [];
    private readonly Dictionary<string, PlanNode> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PlanNode> _portraits = new(StringComparer.Ordinal);
    /// <summary>Each character's references: the portrait, then its views.</summary>
    private readonly Dictionary<string, List<PlanNode>> _sheets = new(StringComparer.Ordinal);
    private readonly List<SceneFrames> _scenes = [];

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
                List<PlanNode> sheet = [portrait, .. AddViews(character, portrait)];
                _sheets.TryAdd(character.Id, sheet);
                var assets = AddAssets(character.Assets, portrait,
                    asset => NodeIds.CharacterAsset(character.Id, asset.Id), NodeKind.CharacterAsset, character.Id, null, null);
                assets.ForEach(pair => LinkCharacterAsset(pair.Item1, pair.Item2, sheet));
                owners.Add((portrait, assets));
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
                    if (characterId is null || !_sheets.ContainsKey(characterId))
                    {
                        Problems.Add($"scene '{episode.Id}/{scene.Id}' names character '{characterId}', which does not exist");
                    }
                }
                var sheet = SheetOf(scene);
                sheet.ForEach(reference => storyboard.AddDependency(reference));
                AddLines(episode.Id, scene);
                var assets = AddAssets(scene.Assets, storyboard,
                    asset => NodeIds.SceneAsset(episode.Id, scene.Id, asset.Id), NodeKind.SceneAsset, null, episode.Id, scene.Id);
                owners.Add((storyboard, assets));
                _scenes.Add(new SceneFrames(episode.Id, scene, storyboard, AddEndFrame(episode.Id, scene, storyboard, sheet),
                    AddTransition(episode.Id, scene), sheet, assets.Select(pair => pair.Item2).ToList()));
            }
        }
        foreach (var (owner, assets) in owners)
        {
            LinkAssetDependencies(owner, assets);
        }
        LinkKeyframes();
        if (options.WithCuts)
        {
            foreach (var episode in episodes)
            {
                AddCut(episode);
            }
        }
        return (_nodes, _byId);
    }

    private IEnumerable<PlanNode> AddViews(Character character, PlanNode portrait)
    {
        foreach (var view in options.CharacterViews)
        {
            if (Add(NodeIds.CharacterView(character.Id, view), NodeKind.CharacterView, Capability.Image, $"view '{view}' of character '{character.Id}'",
                characterId: character.Id, view: view) is { } node)
            {
                node.AddDependency(portrait);
                yield return node;
            }
        }
    }

    /// <summary>
    /// A character's images and videos (an audition) see its whole sheet, as storyboards do; a video keeps its mode
    /// (text, first_frame from the portrait, reference), but first_last needs a scene's end frame.
    /// </summary>
    private void LinkCharacterAsset(DramaAsset asset, PlanNode node, List<PlanNode> sheet)
    {
        if (node.Capability is not (Capability.Image or Capability.Video))
        {
            return;
        }
        sheet.Skip(1).ToList().ForEach(view => node.AddDependency(view));
        if (node.Capability == Capability.Video && asset.Mode is { } mode)
        {
            if (mode == ClipModes.FirstLast) Problems.Add($"{node.Id} is a first_last clip, but only a scene has an end frame to reach");
            else node.ClipMode = mode;
        }
    }

    /// <summary>The references of a scene's characters: each one's portrait and views, in cast order.</summary>
    private List<PlanNode> SheetOf(Scene scene) =>
        (scene.Characters ?? []).Where(id => id is not null).Distinct().SelectMany(id => _sheets.GetValueOrDefault(id) ?? []).ToList();

    /// <summary>The end frame carries the storyboard over (its composition) and the scene's characters.</summary>
    private PlanNode? AddEndFrame(string episodeId, Scene scene, PlanNode storyboard, List<PlanNode> sheet)
    {
        if (scene.EndFrame is null)
        {
            return null;
        }
        var node = Add(NodeIds.EndFrame(episodeId, scene.Id), NodeKind.EndFrame, Capability.Image, $"end frame of scene '{episodeId}/{scene.Id}'",
            episodeId: episodeId, sceneId: scene.Id);
        node?.AddDependency(storyboard);
        sheet.ForEach(reference => node?.AddDependency(reference));
        return node;
    }

    private PlanNode? AddTransition(string episodeId, Scene scene) =>
        scene.TransitionFrame is not null
            ? Add(NodeIds.TransitionFrame(episodeId, scene.Id), NodeKind.TransitionFrame, Capability.Image,
                $"transition frame of scene '{episodeId}/{scene.Id}'", episodeId: episodeId, sceneId: scene.Id)
            : null;

    /// <summary>
    /// Edges that need every scene: a transition sees the next scene, a clip starting from "previous_end" the
    /// previous scene's end frame, and an end frame's dependsOn any node.
    /// </summary>
    private void LinkKeyframes()
    {
        for (var i = 0; i < _scenes.Count; i++)
        {
            var scene = _scenes[i];
            var previous = i > 0 && _scenes[i - 1].EpisodeId == scene.EpisodeId ? _scenes[i - 1] : null;
            var next = i + 1 < _scenes.Count && _scenes[i + 1].EpisodeId == scene.EpisodeId ? _scenes[i + 1] : null;
            var where = $"scene '{scene.EpisodeId}/{scene.Scene.Id}'";
            if (scene.End is { } end)
            {
                foreach (var reference in scene.Scene.EndFrame?.DependsOn ?? [])
                {
                    if (reference is not null && _byId.TryGetValue(reference, out var target)) end.AddDependency(target);
                    else Problems.Add($"{end.Id} depends on '{reference}', which is not a node id");
                }
            }
            if (scene.Transition is { } transition)
            {
                if (next is null)
                {
                    Problems.Add($"{where} asks for a transition frame but no scene follows it in its episode");
                }
                else
                {
                    transition.AddDependency(scene.End ?? scene.Storyboard);
                    transition.AddDependency(next.Storyboard);
                    scene.Sheet.Concat(next.Sheet).ToList().ForEach(reference => transition.AddDependency(reference));
                }
            }
            var first = scene.Storyboard;
            if (scene.Scene.StartFrom == SceneStarts.PreviousEnd)
            {
                if (previous?.End is { } previousEnd) first = previousEnd;
                else Problems.Add($"{where} starts from the previous scene's end frame, but {(previous is null
                    ? "no scene comes before it in its episode" : $"scene '{previous.EpisodeId}/{previous.Scene.Id}' has no endFrame")}");
            }
            foreach (var clip in scene.Assets.Where(asset => asset.Capability == Capability.Video))
            {
                LinkClip(clip, scene, first, where);
            }
        }
    }

    private void LinkClip(PlanNode clip, SceneFrames scene, PlanNode first, string where)
    {
        var mode = clip.Asset?.Mode ?? ClipModes.FirstFrame;
        clip.ClipMode = mode;
        switch (mode)
        {
            case ClipModes.FirstFrame:
                clip.AddDependency(first);
                clip.FirstFrameIndex = first.Index;
                break;
            case ClipModes.FirstLast:
                clip.AddDependency(first);
                clip.FirstFrameIndex = first.Index;
                if (scene.End is { } end)
                {
                    clip.AddDependency(end);
                    clip.LastFrameIndex = end.Index;
                }
                else
                {
                    Problems.Add($"{clip.Id} is a first_last clip but {where} has no endFrame");
                }
                break;
            case ClipModes.Reference:
                scene.Sheet.ForEach(reference => clip.AddDependency(reference));
                // Kept as the frame of a provider that cannot take references (it says so in the job).
                clip.FirstFrameIndex = first.Index;
                clip.AddDependency(first);
                break;
        }
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
        string? episodeId = null, string? sceneId = null, DramaAsset? asset = null, Line? line = null, string? view = null)
    {
        var ownId = line is not null ? line.Id : view ?? asset?.Id ?? sceneId ?? (kind is NodeKind.Episode or NodeKind.Cut ? episodeId : characterId);
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
            View = view,
        };
        _nodes.Add(node);
        _byId.Add(id, node);
        return node;
    }

    private sealed record SceneFrames(string EpisodeId, Scene Scene, PlanNode Storyboard, PlanNode? End, PlanNode? Transition,
        List<PlanNode> Sheet, List<PlanNode> Assets);
}
