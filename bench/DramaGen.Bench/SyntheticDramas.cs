using DramaGen.Dramas;

namespace DramaGen.Bench;

/// <summary>
/// Dramas of the usual shape: each character has a portrait and an audition, each scene a storyboard that
/// needs the portraits of its two characters, and a clip of 5-20 s. Every prompt starts with "[node_id]".
/// </summary>
public static class SyntheticDramas
{
    /// <param name="clips">False: each clip is an image asset instead (the service's local providers render a card in
    /// milliseconds where a video takes ffmpeg a quarter of a second).</param>
    public static Drama Build(string id, int characters, int episodes, int scenesPerEpisode, bool clips = true) => new()
    {
        Id = id,
        Title = $"Synthetic {id}",
        Style = "bench",
        Characters = [.. Enumerable.Range(1, characters).Select(c => new Character
        {
            Id = $"c{c}", Name = $"Character {c}", Description = $"[char_c{c}] someone",
            Assets = [new DramaAsset { Id = "a1", Type = clips ? "video" : "image", Tag = "audition", Prompt = $"[char_asset_c{c}_a1] audition", DurationSeconds = (int)BenchLatency.SecondsOf($"char_asset_c{c}_a1", video: true) }],
        })],
        Episodes = [.. Enumerable.Range(1, episodes).Select(e => new Episode
        {
            Id = $"e{e}",
            Scenes = [.. Enumerable.Range(1, scenesPerEpisode).Select(s =>
            {
                var first = (e * 7 + s) % characters + 1;
                var second = first % characters + 1;
                return new Scene
                {
                    Id = $"s{s}", Title = $"Scene {s}", Description = $"[scene_e{e}_s{s}] something happens",
                    Characters = first == second ? [$"c{first}"] : [$"c{first}", $"c{second}"],
                    Assets = [new DramaAsset { Id = "a1", Type = clips ? "video" : "image", Tag = "clip", Prompt = $"[scene_asset_e{e}_s{s}_a1] clip", DurationSeconds = (int)BenchLatency.SecondsOf($"scene_asset_e{e}_s{s}_a1", video: true) }],
                };
            })],
        })],
    };
}
