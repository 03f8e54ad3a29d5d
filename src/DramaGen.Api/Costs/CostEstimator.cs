using DramaGen.Configuration;
using DramaGen.Generation.Planning;
using DramaGen.Providers;
using Microsoft.Extensions.Options;

namespace DramaGen.Costs;

/// <summary>What a provider call will bill, before it is made: the usage each provider reports for such a call, priced.</summary>
public sealed class CostEstimator(PriceTable prices, IOptions<ProvidersOptions> providers)
{
    /// <summary>Characters a voice speaks per second, for speech billed by its length (about 150 words a minute).</summary>
    public const decimal CharactersPerSecond = 15m;
    /// <summary>Audio tokens per second of Gemini speech output.</summary>
    public const decimal AudioTokensPerSecond = 32m;
    /// <summary>Characters per text token, the providers' own rule of thumb (Gemini speech prompts).</summary>
    public const decimal CharactersPerToken = 4m;

    private readonly ProvidersOptions _providers = providers.Value;

    /// <summary>The call's estimated cost; <see cref="NodeEstimate.Usd"/> is null when the model has no price.</summary>
    public NodeEstimate Estimate(CostQuery query, bool priceAsConfigured = false)
    {
        if (query.Capability is Capability.None or Capability.Cut)
        {
            return new NodeEstimate(query.Provider, query.Model, 0m, []);
        }
        var (provider, model) = priceAsConfigured ? Configured(query.Capability) : (query.Provider, query.Model);
        var usage = UsageOf(query with { Provider = provider, Model = model });
        var priced = prices.Sum(usage);
        return new NodeEstimate(provider, model, priced.Unpriced ? null : priced.Usd, usage);
    }

    /// <summary>The real provider and model the settings name for a capability, as if its key were set.</summary>
    public (string Provider, string Model) Configured(Capability capability) => capability switch
    {
        Capability.Image => ("gemini", _providers.GeminiImageModel),
        Capability.Video when _providers.VideoProvider == "sora" => ("sora", _providers.SoraModel),
        Capability.Video => ("veo", _providers.VeoModel),
        Capability.Speech when _providers.SpeechProvider == "gemini" => ("gemini", _providers.GeminiTtsModel),
        Capability.Speech => ("openai", _providers.OpenAITtsModel),
        _ => ("none", ""),
    };

    private List<BilledUsage> UsageOf(CostQuery query)
    {
        BilledUsage Of(string unit, decimal quantity, string? size = null) => new(query.Provider, query.Model, unit, quantity, size);
        var seconds = query.DurationSeconds ?? 0;
        switch (query.Capability)
        {
            case Capability.Image:
                return [Of(UsageUnits.Images, 1)];
            case Capability.Video when query.Provider == "veo":
                return [Of(UsageUnits.VideoSeconds, VideoShapes.NearestDuration(seconds, _providers.VeoDurationList))];
            case Capability.Video when query.Provider == "sora":
                var size = VideoShapes.IsPortrait(query.AspectRatio) || query.AspectRatio == "1:1" ? _providers.SoraPortraitSize : _providers.SoraLandscapeSize;
                return [Of(UsageUnits.VideoSeconds, VideoShapes.NearestDuration(seconds, _providers.SoraDurationList), size)];
            case Capability.Video:
                return [Of(UsageUnits.VideoSeconds, seconds)];
            default:
                var spoken = Math.Round(query.Text.Length / CharactersPerSecond, 3);
                if (query.Provider == "gemini")
                {
                    // Gemini bills the prompt (the direction is said in it) and the audio tokens it returns.
                    var prompt = string.IsNullOrWhiteSpace(query.Direction) ? query.Text : $"Say it {query.Direction.Trim()}: {query.Text}";
                    return [Of(UsageUnits.InputTokens, Math.Ceiling(prompt.Length / CharactersPerToken)),
                        Of(UsageUnits.OutputTokens, Math.Ceiling(spoken * AudioTokensPerSecond)), Of(UsageUnits.AudioSeconds, spoken)];
                }
                return [Of(UsageUnits.Characters, query.Text.Length), Of(UsageUnits.AudioSeconds, spoken)];
        }
    }
}

/// <param name="Text">The prompt, or the words to speak.</param>
public sealed record CostQuery(Capability Capability, string Provider, string Model, string Text, int? DurationSeconds, string AspectRatio,
    string? Direction = null);

/// <param name="Usd">Null when the model has no price (unknown, never zero).</param>
/// <param name="Usage">What the provider is expected to bill.</param>
public sealed record NodeEstimate(string Provider, string Model, decimal? Usd, IReadOnlyList<BilledUsage> Usage);
