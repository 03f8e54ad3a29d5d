using System.Text.Json.Nodes;

namespace DramaGen.Tests.Dramas;

/// <summary>Small valid drama documents for route tests.</summary>
public static class SampleDramas
{
    public static JsonObject Document(string? id = null, int scenes = 2) => new()
    {
        ["id"] = id,
        ["title"] = "The Last Lantern",
        ["premise"] = "A lighthouse keeper's daughter finds a lantern that shows the future.",
        ["synopsis"] = "Mara sees the storm before it comes.",
        ["style"] = "moody cinematic, teal and amber",
        ["aspectRatio"] = "9:16",
        ["characters"] = new JsonArray(
            new JsonObject
            {
                ["id"] = "c001", ["name"] = "Mara", ["description"] = "The keeper's daughter, 19, stubborn.",
                ["assets"] = new JsonArray(new JsonObject { ["id"] = "a001", ["type"] = "video", ["tag"] = "audition", ["prompt"] = "Mara looks at the sea", ["dependsOn"] = new JsonArray() }),
            },
            new JsonObject { ["id"] = "c002", ["name"] = "Tobias", ["description"] = "The old keeper.", ["assets"] = new JsonArray() }),
        ["episodes"] = new JsonArray(new JsonObject
        {
            ["id"] = "e001", ["title"] = "The Storm", ["synopsis"] = "The lantern wakes.",
            ["scenes"] = new JsonArray(Enumerable.Range(1, scenes).Select(s => (JsonNode)new JsonObject
            {
                ["id"] = $"s{s:D3}", ["title"] = $"Scene {s}", ["description"] = "Waves hit the rocks.", ["location"] = "Lighthouse",
                ["characters"] = new JsonArray("c001"),
                ["assets"] = new JsonArray(new JsonObject
                {
                    ["id"] = "a001", ["type"] = "video", ["tag"] = "clip", ["prompt"] = "The lantern flickers", ["durationSeconds"] = 8,
                    ["dependsOn"] = new JsonArray("c001"),
                }),
            }).ToArray()),
        }),
    };
}
