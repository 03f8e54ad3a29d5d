using System.ClientModel;

namespace DramaGen.Providers.OpenAI;

/// <summary>
/// What an OpenAI SDK call's exception means for the engine: an HTTP error with the provider's message
/// (retryable when transient), a transport failure (retryable), or an answer that is not what was asked.
/// </summary>
internal static class OpenAIFailures
{
    /// <param name="expected">What a good answer is, for the message, e.g. "a chat completion".</param>
    public static ProviderException Translate(Exception failure, string provider, ProviderTextScrubber scrubber, string expected)
    {
        if (failure is ClientResultException { Status: > 0 } http)
        {
            var body = http.GetRawResponse()?.Content?.ToString() ?? "";
            var message = scrubber.Excerpt(ProviderHttp.ErrorMessageFromJson(body) ?? body);
            // Not chained as the inner exception: the SDK's own message quotes the raw body, keys and all.
            return new ProviderException(provider, $"HTTP {http.Status}: {message}",
                ProviderResilience.IsTransient((System.Net.HttpStatusCode)http.Status), httpStatus: http.Status);
        }
        if (TransportFailure(failure) is { } reason)
        {
            return new ProviderException(provider, reason, isRetryable: true, failure);
        }
        // A 200 whose body is not the expected answer (a misbehaving gateway): fail clearly, do not crash.
        return new ProviderException(provider,
            $"the answer is not {expected} ({failure.GetType().Name}: {scrubber.Excerpt(failure.Message)})", isRetryable: false, failure);
    }

    private static string? TransportFailure(Exception failure) => failure switch
    {
        Polly.CircuitBreaker.BrokenCircuitException => "circuit open after repeated failures; not calling the provider for a while",
        Polly.Timeout.TimeoutRejectedException => "timed out",
        HttpRequestException http => $"network error: {http.Message}",
        ClientResultException { InnerException: { } inner } => TransportFailure(inner) ?? $"network error: {inner.Message}",
        _ => null,
    };
}
