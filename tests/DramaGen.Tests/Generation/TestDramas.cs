using DramaGen.Dramas;

namespace DramaGen.Tests.Generation;

/// <summary>Dramas for engine tests. <see cref="Marked"/> puts each node's id in its prompt, so fake providers know which node called.</summary>
public static class TestDramas
{
    /// <summary>The example DAG of seeds/000: two characters (three character assets), two episodes, three scenes, four scene assets.</summary>
    public static Drama SeedExample() => Marked(new Drama
    {
        Id = "drama_123",
        Title = "Seed example",
        Style = "noir",
        Characters =
        [
            Character("c001", Asset("a001", "video", "audition"), Asset("a002", "image", "costume")),
            Character("c002", Asset("a001", "video", "audition")),
        ],
        Episodes =
        [
            Episode("e001",
                Scene("s001", [], Asset("a001", "video", "clip"), Asset("a002", "video", "clip", "c001")),
                Scene("s002", [], Asset("a001", "video", "clip"))),
            Episode("e002", Scene("s001", [], Asset("a001", "video", "clip", "c002"))),
        ],
    });

    /// <summary>
    /// A drama of the usual shape: every character has a portrait and an audition; every scene has two
    /// characters (so its storyboard needs two portraits) and <paramref name="clipsPerScene"/> clips.
    /// </summary>
    public static Drama Generated(string id, int characters, int episodes, int scenesPerEpisode, int clipsPerScene = 1, bool auditions = true) =>
        Marked(new Drama
        {
            Id = id,
            Title = $"Generated {id}",
            Style = "flat colours",
            Characters = [.. Enumerable.Range(1, characters).Select(c => Character($"c{c:D3}",
                auditions ? [Asset("a001", "video", "audition")] : []))],
            Episodes = [.. Enumerable.Range(1, episodes).Select(e => Episode($"e{e:D3}",
                [.. Enumerable.Range(1, scenesPerEpisode).Select(s =>
                {
                    var first = ((e * scenesPerEpisode + s) % characters) + 1;
                    var second = (first % characters) + 1;
                    return Scene($"s{s:D3}", first == second ? [$"c{first:D3}"] : [$"c{first:D3}", $"c{second:D3}"],
                        [.. Enumerable.Range(1, clipsPerScene).Select(a => Asset($"a{a:D3}", "video", "clip"))]);
                })]))],
        });

    public static Character Character(string id, params DramaAsset[] assets) =>
        new() { Id = id, Name = $"Name{id}", Description = $"Description of {id}.", Assets = [.. assets] };

    public static Episode Episode(string id, params Scene[] scenes) => new() { Id = id, Title = $"Episode {id}", Scenes = [.. scenes] };

    public static Scene Scene(string id, string[] characters, params DramaAsset[] assets) => new()
    {
        Id = id, Title = $"Scene {id}", Description = $"What happens in {id}.", Location = "Harbour", Characters = [.. characters],
        Assets = [.. assets],
    };

    public static DramaAsset Asset(string id, string type, string tag, params string[] dependsOn) => new()
    {
        Id = id, Type = type, Tag = tag, Prompt = $"{tag} {id}", DurationSeconds = type == "video" ? 4 : null, DependsOn = [.. dependsOn],
    };

    /// <summary>Prefixes every prompt-bearing text with "[node_id]".</summary>
    public static Drama Marked(Drama drama)
    {
        foreach (var character in drama.Characters)
        {
            character.Description = $"[char_{character.Id}] {character.Description}";
            foreach (var asset in character.Assets)
            {
                asset.Prompt = $"[char_asset_{character.Id}_{asset.Id}] {asset.Prompt}";
            }
        }
        foreach (var episode in drama.Episodes)
        {
            foreach (var scene in episode.Scenes)
            {
                scene.Description = $"[scene_{episode.Id}_{scene.Id}] {scene.Description}";
                foreach (var asset in scene.Assets)
                {
                    asset.Prompt = $"[scene_asset_{episode.Id}_{scene.Id}_{asset.Id}] {asset.Prompt}";
                }
            }
        }
        return drama;
    }
}
