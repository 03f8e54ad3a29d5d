using System.Text.Json.Nodes;

namespace DramaGen.Providers.OpenAI;

/// <summary>
/// Strict JSON schemas (every property required, no additional properties) of <see cref="DraftDrama"/> and
/// <see cref="DramaCritique"/>. Property names match the records in camelCase.
/// </summary>
internal static class DraftDramaSchemas
{
    /// <param name="episodes">When set, the exact number of episodes.</param>
    /// <param name="scenesPerEpisode">When set, the exact number of scenes in each episode.</param>
    public static BinaryData Drama(int? episodes = null, int? scenesPerEpisode = null)
    {
        var character = Object(("name", String()), ("description", String()));
        var scene = Object(
            ("title", String()),
            ("description", String()),
            ("location", String()),
            ("characters", Array(String(), null)),
            ("clipPrompt", String()),
            ("lines", Array(Object(("speaker", String()), ("text", String()), ("direction", String())), null)));
        var episode = Object(("title", String()), ("synopsis", String()), ("scenes", Array(scene, scenesPerEpisode)));
        var drama = Object(
            ("title", String()),
            ("synopsis", String()),
            ("style", String()),
            ("characters", Array(character, null)),
            ("episodes", Array(episode, episodes)));
        return BinaryData.FromString(drama.ToJsonString());
    }

    public static BinaryData Critique()
    {
        var critique = Object(
            ("overall", Score()),
            ("story", Score()),
            ("characters", Score()),
            ("pacing", Score()),
            ("visuals", Score()),
            ("dialogue", Score()),
            ("strengths", Array(String(), null)),
            ("weaknesses", Array(String(), null)),
            ("suggestions", Array(String(), null)));
        return BinaryData.FromString(critique.ToJsonString());
    }

    private static JsonObject Object(params (string Name, JsonNode Schema)[] properties)
    {
        var schema = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject() };
        foreach (var (name, property) in properties)
        {
            schema["properties"]![name] = property;
        }
        schema["required"] = new JsonArray(properties.Select(p => (JsonNode)JsonValue.Create(p.Name)).ToArray());
        schema["additionalProperties"] = false;
        return schema;
    }

    private static JsonObject Array(JsonNode items, int? exactCount)
    {
        var schema = new JsonObject { ["type"] = "array", ["items"] = items };
        if (exactCount is { } count)
        {
            schema["minItems"] = count;
            schema["maxItems"] = count;
        }
        return schema;
    }

    private static JsonObject String() => new() { ["type"] = "string" };

    private static JsonObject Score() => new() { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = 10 };
}
