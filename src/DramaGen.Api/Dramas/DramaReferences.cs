namespace DramaGen.Dramas;

/// <summary>
/// Node ids of a drama's parts (contract.md) and the resolution of <c>dependsOn</c>: an entry names a
/// character id, an asset id of the same owner, or a full node id such as scene_asset_e001_s001_a002.
/// </summary>
public static class DramaReferences
{
    public static string Portrait(string characterId) => $"char_{characterId}";
    public static string CharacterAsset(string characterId, string assetId) => $"char_asset_{characterId}_{assetId}";
    public static string Episode(string episodeId) => $"ep_{episodeId}";
    public static string Storyboard(string episodeId, string sceneId) => $"scene_{episodeId}_{sceneId}";
    public static string SceneAsset(string episodeId, string sceneId, string assetId) => $"scene_asset_{episodeId}_{sceneId}_{assetId}";

    /// <summary>Every node id of the drama mapped to the node ids it depends on (parents, portraits, dependsOn).</summary>
    public static Dictionary<string, List<string>> Edges(Drama drama, ICollection<(string Path, string Message)>? problems = null)
    {
        var edges = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var characterIds = drama.Characters.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var character in drama.Characters)
        {
            edges[Portrait(character.Id)] = [];
            foreach (var asset in character.Assets)
            {
                edges[CharacterAsset(character.Id, asset.Id)] = [Portrait(character.Id)];
            }
        }
        foreach (var episode in drama.Episodes)
        {
            edges[Episode(episode.Id)] = [];
            foreach (var scene in episode.Scenes)
            {
                edges[Storyboard(episode.Id, scene.Id)] = [Episode(episode.Id), .. scene.Characters.Where(characterIds.Contains).Distinct().Select(Portrait)];
                foreach (var asset in scene.Assets)
                {
                    edges[SceneAsset(episode.Id, scene.Id, asset.Id)] = [Storyboard(episode.Id, scene.Id)];
                }
            }
        }
        void Resolve(string ownerPath, List<DramaAsset> assets, Func<string, string> sibling)
        {
            for (var a = 0; a < assets.Count; a++)
            {
                var node = edges[sibling(assets[a].Id)];
                foreach (var reference in assets[a].DependsOn)
                {
                    var target = characterIds.Contains(reference) ? Portrait(reference)
                        : assets.Any(other => other.Id == reference) ? sibling(reference)
                        : edges.ContainsKey(reference) ? reference : null;
                    if (target is null)
                        problems?.Add(($"{ownerPath}.assets[{a}].dependsOn", $"'{reference}' names no character, asset or node of this drama"));
                    else if (!node.Contains(target))
                        node.Add(target);
                }
            }
        }
        for (var c = 0; c < drama.Characters.Count; c++)
        {
            var character = drama.Characters[c];
            Resolve($"characters[{c}]", character.Assets, id => CharacterAsset(character.Id, id));
        }
        for (var e = 0; e < drama.Episodes.Count; e++)
        {
            var episode = drama.Episodes[e];
            for (var s = 0; s < episode.Scenes.Count; s++)
            {
                var scene = episode.Scenes[s];
                Resolve($"episodes[{e}].scenes[{s}]", scene.Assets, id => SceneAsset(episode.Id, scene.Id, id));
            }
        }
        return edges;
    }

    /// <summary>Dangling references and dependency cycles, each with the JSON path to fix.</summary>
    public static IReadOnlyList<(string Path, string Message)> FindProblems(Drama drama)
    {
        var problems = new List<(string, string)>();
        var edges = Edges(drama, problems);
        if (FindCycle(edges) is { } cycle)
        {
            problems.Add(("dependsOn", $"dependency cycle: {string.Join(" -> ", cycle)}"));
        }
        return problems;
    }

    /// <summary>One cycle as a list of node ids (first repeated at the end), or null.</summary>
    public static IReadOnlyList<string>? FindCycle(IReadOnlyDictionary<string, List<string>> edges)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = on the stack, 2 = done
        var stack = new List<string>();
        foreach (var start in edges.Keys.Order(StringComparer.Ordinal))
        {
            if (Visit(start) is { } cycle) return cycle;
        }
        return null;

        IReadOnlyList<string>? Visit(string node)
        {
            if (state.TryGetValue(node, out var seen))
            {
                return seen == 1 ? [.. stack.Skip(stack.IndexOf(node)), node] : null;
            }
            state[node] = 1;
            stack.Add(node);
            foreach (var next in edges.GetValueOrDefault(node) ?? [])
            {
                if (Visit(next) is { } cycle) return cycle;
            }
            stack.RemoveAt(stack.Count - 1);
            state[node] = 2;
            return null;
        }
    }
}
