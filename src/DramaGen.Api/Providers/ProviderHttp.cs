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
    /// <summary>Takes ownership of <paramref name="request"/> (and its content).</summary>
    /// <param name="scrubber">Masks every configured key in any text the provider sends back.</param>
    public static async Task<HttpResponseMessage> SendAsync(
        HttpClient client, HttpRequestMessage request, string provider, ProviderTextScrubber scrubber, CancellationToken cancellationToken)
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
                throw new ProviderException(provider, scrubber.Excerpt(reason), isRetryable: true, exception);
            }
        }
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            var message = await ReadErrorMessageAsync(response, scrubber, cancellationToken);
            throw new ProviderException(provider, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}: {message}",
                ProviderResilience.IsTransient(response.StatusCode));
        }
    }

    /// <summary>Reads a success body as JSON; a body that is not the expected JSON is a clear, final failure.</summary>
    public static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, string provider, ProviderTextScrubber scrubber, CancellationToken cancellationToken)
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
                $"answered HTTP {(int)response.StatusCode} with a body that is not the expected JSON ({scrubber.Excerpt(body)})",
                isRetryable: false, exception);
        }
    }

    /// <summary>The provider's error message (OpenAI and Google both answer {"error":{"message":...}}), else the body.</summary>
    internal static async Task<string> ReadErrorMessageAsync(HttpResponseMessage response, ProviderTextScrubber scrubber, CancellationToken cancellationToken)
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
        return scrubber.Excerpt(ErrorMessageFromJson(body) ?? body);
    }

    /// <summary>The raw {"error":...} message of a body, not yet scrubbed: pass it through the scrubber.</summary>
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
                    return error.GetString() ?? "";
                }
                if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message)
                    && message.ValueKind == JsonValueKind.String)
                {
                    return message.GetString() ?? "";
                }
            }
        }
        catch (JsonException)
        {
        }
        return null;
    }

    private static string? Describe(Exception exception) => exception switch
    {
        BrokenCircuitException => "circuit open after repeated failures; not calling the provider for a while",
        TimeoutRejectedException => "timed out",
        HttpRequestException http => $"network error: {http.Message}",
        _ => null,
    };
}
