using DramaGen.Configuration;
using Microsoft.Extensions.Options;

namespace DramaGen.Costs;

/// <summary>At start-up, names every model in use that the price table does not know: its calls are priced as unknown.</summary>
public sealed class UnpricedModelsWarning(PriceTable prices, IOptions<ProvidersOptions> providers, ILogger<UnpricedModelsWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (capability, provider, model) in ModelsInUse(providers.Value))
        {
            if (!prices.IsPriced(provider, model))
            {
                logger.LogWarning("No price for {Capability} model {Provider}/{Model} in PRICES: its calls are recorded as unpriced "
                    + "and refused under a budget until PRICES__{Provider}__{Model}__... is set", capability, provider, model, provider, model);
            }
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The provider and model each capability calls with these settings.</summary>
    public static IEnumerable<(string Capability, string Provider, string Model)> ModelsInUse(ProvidersOptions options)
    {
        static string ModelOf(string provider, string model) => provider == "local" ? "*" : model;
        yield return ("text", options.ResolvedTextProvider, ModelOf(options.ResolvedTextProvider, options.GptModel));
        yield return ("image", options.ResolvedImageProvider, ModelOf(options.ResolvedImageProvider, options.GeminiImageModel));
        var video = options.ResolvedVideoProvider;
        yield return ("video", video, ModelOf(video, video == "sora" ? options.SoraModel : options.VeoModel));
        var speech = options.ResolvedSpeechProvider;
        yield return ("speech", speech, ModelOf(speech, speech == "gemini" ? options.GeminiTtsModel : options.OpenAITtsModel));
    }
}
