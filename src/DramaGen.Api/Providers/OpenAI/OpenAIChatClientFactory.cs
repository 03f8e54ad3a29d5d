using System.ClientModel;
using System.ClientModel.Primitives;
using DramaGen.Configuration;
using OpenAI;
using OpenAI.Audio;
using OpenAI.Chat;

namespace DramaGen.Providers.OpenAI;

/// <summary>
/// Builds the SDK's ChatClient and AudioClient on our resilient "openai" HttpClient. The SDK's own retries are switched off
/// so that MAX_RETRIES, the backoff, Retry-After and the circuit breaker behave as for every other provider.
/// </summary>
internal static class OpenAIChatClientFactory
{
    public static ChatClient Create(IHttpClientFactory httpClients, ProvidersOptions options) =>
        new(options.GptModel, new ApiKeyCredential(options.OpenAIApiKey ?? ""), ClientOptions(httpClients, options));

    public static AudioClient CreateAudio(IHttpClientFactory httpClients, ProvidersOptions options) =>
        new(options.OpenAITtsModel, new ApiKeyCredential(options.OpenAIApiKey ?? ""), ClientOptions(httpClients, options));

    private static OpenAIClientOptions ClientOptions(IHttpClientFactory httpClients, ProvidersOptions options)
    {
        var clientOptions = new OpenAIClientOptions
        {
            Transport = new HttpClientPipelineTransport(httpClients.CreateClient(ProviderHttpClients.OpenAI)),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            // The resilience pipeline times each attempt; the SDK's 100 s default would cut long generations.
            NetworkTimeout = ProviderResilience.TotalTimeout(options),
        };
        if (!string.IsNullOrWhiteSpace(options.OpenAIApiBase))
        {
            clientOptions.Endpoint = new Uri(options.OpenAIApiBase);
        }
        return clientOptions;
    }
}
