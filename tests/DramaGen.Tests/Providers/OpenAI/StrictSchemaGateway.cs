using System.Text.Json.Nodes;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace DramaGen.Tests.Providers.OpenAI;

/// <summary>
/// An OpenAI-compatible gateway that implements strict structured output without the count keywords: a schema
/// using minItems, maxItems, minimum or maximum is refused with 400 "Invalid schema" in OpenAI's error shape,
/// as such gateways do; any other strict schema gets a valid answer for its name.
/// </summary>
internal sealed class StrictSchemaGateway
{
    private static readonly string[] Refused = ["minItems", "maxItems", "minimum", "maximum"];

    public StrictSchemaGateway(WireMockServer server, bool refuseEverything = false) =>
        server.Given(Request.Create().WithPath("/v1/chat/completions").UsingPost())
            .RespondWith(Response.Create().WithCallback(request => Answer(request, refuseEverything)));

    private static ResponseMessage Answer(IRequestMessage request, bool refuseEverything)
    {
        var format = JsonNode.Parse(request.Body!)!["response_format"]!["json_schema"]!;
        var name = (string)format["name"]!;
        if ((bool?)format["strict"] != true)
        {
            return Invalid($"Invalid schema for response_format '{name}': strict must be true.");
        }
        var found = refuseEverything ? "/" : FindKeyword(format["schema"], isNameMap: false, "");
        if (found is not null)
        {
            return Invalid($"Invalid schema for response_format '{name}': In context=({found}), keyword is not permitted.");
        }
        var content = name == "drama_critique" ? ChatAnswers.Json(ChatAnswers.Critique) : ChatAnswers.Json(ChatAnswers.Draft);
        return StubAnswers.Json(200, ChatAnswers.Completion(content));
    }

    private static string? FindKeyword(JsonNode? node, bool isNameMap, string path)
    {
        switch (node)
        {
            case JsonObject schema:
                if (!isNameMap && Refused.FirstOrDefault(schema.ContainsKey) is { } keyword)
                {
                    return $"{path}/{keyword}";
                }
                foreach (var (key, value) in schema)
                {
                    if (FindKeyword(value, !isNameMap && key is "properties" or "$defs", $"{path}/{key}") is { } deeper) return deeper;
                }
                return null;
            case JsonArray items:
                return items.Select((item, i) => FindKeyword(item, false, $"{path}/{i}")).FirstOrDefault(found => found is not null);
            default:
                return null;
        }
    }

    private static ResponseMessage Invalid(string message) =>
        StubAnswers.Json(400, new { error = new { message, type = "invalid_request_error", param = "response_format", code = (string?)null } });
}
