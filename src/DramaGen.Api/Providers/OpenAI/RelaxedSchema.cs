using System.Text.Json.Nodes;

namespace DramaGen.Providers.OpenAI;

/// <summary>
/// The strict schema without its count keywords, for a gateway that answers 400 "Invalid schema" to them even
/// though OpenAI's strict mode supports them. The counts are checked in code (StructuredOutput) either way.
/// </summary>
internal static class RelaxedSchema
{
    public static readonly string[] CountKeywords = ["minItems", "maxItems", "minimum", "maximum"];

    public static BinaryData WithoutCountKeywords(BinaryData schema)
    {
        var root = JsonNode.Parse(schema.ToString());
        Strip(root, isNameMap: false);
        return BinaryData.FromString(root!.ToJsonString());
    }

    /// <summary>True for the refusal a gateway gives to a schema keyword it does not know.</summary>
    public static bool IsInvalidSchemaRefusal(int status, string message) =>
        status == 400 && message.Contains("Invalid schema", StringComparison.OrdinalIgnoreCase);

    // Under "properties" and "$defs" the keys are names (a property may be called "minimum"), not keywords.
    private static void Strip(JsonNode? node, bool isNameMap)
    {
        switch (node)
        {
            case JsonObject schema:
                if (!isNameMap)
                {
                    foreach (var keyword in CountKeywords)
                    {
                        schema.Remove(keyword);
                    }
                }
                foreach (var (key, value) in schema.ToList())
                {
                    Strip(value, isNameMap: !isNameMap && key is "properties" or "$defs" or "definitions");
                }
                break;
            case JsonArray items:
                foreach (var item in items)
                {
                    Strip(item, isNameMap: false);
                }
                break;
        }
    }
}
