using System.Net;
using System.Text.Json;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace DramaGen.Providers;

/// <summary>
/// Sends a request through a provider's resilient HttpClient and turns whatever is left after the retries
/// into a <see cref="ProviderException"/> carrying the status and the provider's own message.
/// </summary>
internal static class ProviderHttp
{
    private const int MaxMessageLength = 500;

    /// <summary>Takes ownership of <paramref name="request"/> (and its content).</summary>
    /// <param name="secrets">Every configured key, scrubbed from any message that echoes one.</param>
    public static async Task<HttpResponseMessage> SendAsync(
        HttpClient client, HttpRequestMessage request, string provider, IReadOnlyList<string> secrets, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        using (request)
        {
            try
            {
                response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            }
            catch (Exception exception) when (Describe(exception) is { } reason && !cancellationToken.IsCancellationRequested)
            {
                throw new ProviderException(provider, reason, isRetryable: true, exception);
            }
        }
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            var message = Scrub(await ReadErrorMessageAsync(response, cancellationToken), secrets);
            throw new ProviderException(provider, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}: {message}",
                ProviderResilience.IsTransient(response.StatusCode));
        }
    }

    /// <summary>Reads a success body as JSON; a body that is not the expected JSON is a clear, final failure.</summary>
    public static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, string provider, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            return JsonSerializer.Deserialize<T>(body, JsonSerializerOptions.Web)
                ?? throw new JsonException("The body is JSON null.");
        }
        catch (JsonException exception)
        {
            throw new ProviderException(provider,
                $"answered HTTP {(int)response.StatusCode} with a body that is not the expected JSON ({Excerpt(body)})",
                isRetryable: false, exception);
        }
    }

    /// <summary>The provider's error message (OpenAI and Google both answer {"error":{"message":...}}), else the body.</summary>
    internal static async Task<string> ReadErrorMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException)
        {
            return "(no readable body)";
        }
        return ErrorMessageFromJson(body) ?? Excerpt(body);
    }

    internal static string? ErrorMessageFromJson(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.String)
                {
                    return Excerpt(error.GetString() ?? "");
                }
                if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message)
                    && message.ValueKind == JsonValueKind.String)
                {
                    return Excerpt(message.GetString() ?? "");
                }
            }
        }
        catch (JsonException)
        {
        }
        return null;
    }

    /// <summary>Masks every configured key: a gateway may echo any of them, not only the one it was sent.</summary>
    internal static string Scrub(string message, IReadOnlyList<string> secrets) =>
        secrets.Aggregate(message, (text, secret) => text.Replace(secret, "***", StringComparison.Ordinal));

    /// <summary>A short, single-line start of a body: enough to diagnose, never a whole base64 payload.</summary>
    internal static string Excerpt(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length == 0 ? "(empty)" : line.Length <= MaxMessageLength ? line : line[..MaxMessageLength] + "...";
    }

    private static string? Describe(Exception exception) => exception switch
    {
        BrokenCircuitException => "circuit open after repeated failures; not calling the provider for a while",
        TimeoutRejectedException => "timed out",
        HttpRequestException http => $"network error: {http.Message}",
        _ => null,
    };
}
