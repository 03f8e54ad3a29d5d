using System.Text.Json;
using System.Text.Json.Nodes;

namespace DramaGen.Http;

/// <summary>
/// Reads a request body as JSON by hand, so a malformed or mistyped body becomes a precise 400
/// (with the JSON path) instead of the framework's generic binding failure.
/// </summary>
public static class JsonBody
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 32 };

    /// <summary>Status 400 or 413 with <c>Error</c> when the body is not acceptable.</summary>
    public static async Task<(JsonNode? Node, int Status, string? Error)> ReadAsync(HttpRequest request, long maxBytes, bool allowEmpty = false)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, StatusCodes.Status413PayloadTooLarge, $"The body is larger than {maxBytes} bytes.");
        }
        if (request.ContentType is { } type && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, StatusCodes.Status415UnsupportedMediaType, $"Content-Type '{type}' is not JSON.");
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return (null, StatusCodes.Status413PayloadTooLarge, $"The body is larger than {maxBytes} bytes.");
            }
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0)
        {
            return allowEmpty ? (null, 200, null) : (null, 400, "A JSON body is required.");
        }
        try
        {
            return (JsonNode.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), documentOptions: Options), 200, null);
        }
        catch (JsonException e)
        {
            return (null, 400, $"Malformed JSON: {e.Message}");
        }
    }

    /// <summary>Converts a node to <typeparamref name="T"/>, reporting a type mismatch with its path.</summary>
    public static (T? Value, string? Error) Convert<T>(JsonNode? node, JsonSerializerOptions options)
    {
        try
        {
            return (node.Deserialize<T>(options), null);
        }
        catch (JsonException e)
        {
            return (default, $"Wrong type at {e.Path ?? "$"}: {FirstSentence(e.Message)}");
        }
        catch (InvalidOperationException e)
        {
            return (default, $"Wrong type: {FirstSentence(e.Message)}");
        }
    }

    private static string FirstSentence(string message) => message.Split(". Path:")[0];
}
