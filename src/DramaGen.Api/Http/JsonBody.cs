using System.Text.Json;
using System.Text.Json.Nodes;

namespace DramaGen.Http;

/// <summary>
/// Reads a request body as JSON by hand, so a malformed or mistyped body becomes a precise 400
/// (with the JSON path) instead of the framework's generic binding failure.
/// </summary>
public static class JsonBody
{
    // Duplicate keys are refused rather than "last one wins", so what is stored is what the client meant.
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 32, AllowDuplicateProperties = false };

    private const int InitialBufferLimit = 1024 * 1024;

    /// <summary>Status 400 or 413 with <c>Error</c> when the body is not acceptable.</summary>
    public static async Task<(JsonNode? Node, int Status, string? Error)> ReadAsync(HttpRequest request, long maxBytes, bool allowEmpty = false)
    {
        var (json, status, error) = await ReadBytesAsync(request, maxBytes, allowEmpty);
        return json is null ? (null, status, error) : Parsed<JsonNode>(json, bytes => JsonNode.Parse(bytes, documentOptions: Options));
    }

    /// <summary>
    /// The same checks as <see cref="ReadAsync"/>, for a caller that reads a large body straight into its type from
    /// <c>Json</c>: a <see cref="JsonNode"/> tree of a whole drama costs tens of MB the heap keeps after the request (#15).
    /// The document's buffers are pooled: the caller disposes it.
    /// </summary>
    public static async Task<(JsonDocument? Document, byte[]? Json, int Status, string? Error)> ReadDocumentAsync(HttpRequest request, long maxBytes)
    {
        var (json, status, error) = await ReadBytesAsync(request, maxBytes, allowEmpty: false);
        if (json is null) return (null, null, status, error);
        var (document, parseStatus, parseError) = Parsed(json, bytes => JsonDocument.Parse(bytes, Options));
        return (document, json, parseStatus, parseError);
    }

    /// <summary>Size, Content-Type and UTF-8: the body's bytes, or null with the status and why.</summary>
    private static async Task<(byte[]? Json, int Status, string? Error)> ReadBytesAsync(HttpRequest request, long maxBytes, bool allowEmpty)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, StatusCodes.Status413PayloadTooLarge, $"The body is larger than {maxBytes} bytes.");
        }
        if (request.ContentType is not null && !IsJsonContentType(request.ContentType))
        {
            return NotJson(request);
        }
        // Sized from Content-Length so a large body is not copied through doubling buffers, but at most 1 MiB up front: a
        // client that announces 8 MiB and sends nothing costs no more than that.
        using var buffer = new MemoryStream((int)Math.Min(request.ContentLength ?? 0, Math.Min(maxBytes, InitialBufferLimit)));
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
        if (request.ContentType is null)
        {
            // A JSON body without a JSON Content-Type is what a cross-site "simple" request looks like: refused.
            return NotJson(request);
        }
        var bytes = buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return (null, 400, "The body is not valid UTF-8.");
        }
        return (bytes, 200, null);
    }

    /// <summary>Parses the bytes; syntax, depth, duplicate keys and lone surrogate escapes are a 400.</summary>
    private static (T? Value, int Status, string? Error) Parsed<T>(byte[] json, Func<byte[], T?> parse) where T : class
    {
        try
        {
            if (HasLoneSurrogate(json))
            {
                return (null, 400, "Malformed JSON: a string or key holds a lone UTF-16 surrogate escape.");
            }
            return (parse(json), 200, null);
        }
        catch (JsonException e)
        {
            return (null, 400, $"Malformed JSON: {e.Message}");
        }
    }

    private static (byte[]?, int, string?) NotJson(HttpRequest request) =>
        (null, StatusCodes.Status415UnsupportedMediaType,
            $"Content-Type '{request.ContentType}' is not application/json or application/merge-patch+json.");

    /// <summary>application/json, application/merge-patch+json or another +json type, parameters ignored.</summary>
    public static bool IsJsonContentType(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.Value is { } type
        && (type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// Whether a string or key holds an escaped lone surrogate (<c>"\\ud800"</c>): valid JSON syntax that is not
    /// text, and that would otherwise fail later, when read, as a server error. One forward pass, no recursion.
    /// </summary>
    private static bool HasLoneSurrogate(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = Options.MaxDepth });
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
            {
                try { _ = reader.GetString(); }
                catch (InvalidOperationException) { return true; }
            }
        }
        return false;
    }

    /// <summary>Converts a node to <typeparamref name="T"/>, reporting a type mismatch with its path.</summary>
    public static (T? Value, string? Error) Convert<T>(JsonNode? node, JsonSerializerOptions options) =>
        Converting(() => node.Deserialize<T>(options));

    /// <summary>Converts well-formed JSON bytes to <typeparamref name="T"/>, reporting a type mismatch with its path.</summary>
    public static (T? Value, string? Error) Convert<T>(byte[] json, JsonSerializerOptions options) =>
        Converting(() => JsonSerializer.Deserialize<T>(json, options));

    private static (T? Value, string? Error) Converting<T>(Func<T?> deserialize)
    {
        try
        {
            return (deserialize(), null);
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
