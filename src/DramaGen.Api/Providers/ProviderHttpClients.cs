using DramaGen.Configuration;
using DramaGen.Pacing;
using Microsoft.Extensions.Options;

namespace DramaGen.Providers;

/// <summary>
/// The named HttpClients of the real providers. Each name gets its own resilience pipeline, so a failing
/// provider opens its own circuit and not the others'.
/// </summary>
public static class ProviderHttpClients
{
    public const string OpenAI = "openai";
    public const string Gemini = "gemini";
    public const string Veo = "veo";
    public const string Sora = "sora";
    public const string GeminiSpeech = "gemini-speech";

    internal static IServiceCollection AddProviderHttpClients(this IServiceCollection services)
    {
        // OpenAI's one client serves text and speech; its audio routes are speech's.
        services.AddProviderHttpClient(OpenAI, _ => null,
            (pools, request) => request.RequestUri?.AbsolutePath.Contains("/audio/", StringComparison.Ordinal) == true ? pools.Speech : pools.Text);
        services.AddProviderHttpClient(Gemini, options => options.GeminiApiBase, (pools, _) => pools.Image);
        services.AddProviderHttpClient(GeminiSpeech, options => options.GeminiApiBase, (pools, _) => pools.Speech);
        services.AddProviderHttpClient(Veo, options => options.GeminiApiBase, (pools, _) => pools.Video);
        services.AddProviderHttpClient(Sora, options => options.SoraApiBase, (pools, _) => pools.Video);
        return services;
    }

    private static void AddProviderHttpClient(this IServiceCollection services, string name, Func<ProvidersOptions, string?> baseAddress,
        Func<CapacityPools, HttpRequestMessage, CapacityPool> pacedBy)
    {
        var client = services.AddHttpClient(name, (provider, client) =>
            {
                var configured = baseAddress(provider.GetRequiredService<IOptions<ProvidersOptions>>().Value);
                if (!string.IsNullOrWhiteSpace(configured))
                {
                    client.BaseAddress = new Uri(configured.TrimEnd('/') + "/");
                }
                // The resilience pipeline owns every timeout (per attempt and in total); HttpClient's own
                // 100 s limit would otherwise cut a slow download or a long retry sequence short.
                client.Timeout = Timeout.InfiniteTimeSpan;
            });
        client.AddResilienceHandler($"{name}-resilience", (builder, context) =>
        {
            var pools = context.ServiceProvider.GetRequiredService<CapacityPools>();
            ProviderResilience.Configure(builder, name, context.ServiceProvider, request => pacedBy(pools, request));
        });
        // Added after the resilience handler, so it runs inside each attempt.
        client.AddHttpMessageHandler(() => new ResponseBufferingHandler());
        client.AddHttpMessageHandler(provider =>
        {
            var pools = provider.GetRequiredService<CapacityPools>();
            return new ThrottleReportingHandler(request => pacedBy(pools, request),
                provider.GetService<IClusterQuotas>() ?? ProcessQuotas.Instance, provider.GetRequiredService<TimeProvider>());
        });
    }
}
