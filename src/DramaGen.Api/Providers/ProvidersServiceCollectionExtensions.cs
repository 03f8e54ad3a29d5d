using DramaGen.Configuration;
using DramaGen.Providers.Gemini;
using DramaGen.Providers.Local;
using DramaGen.Providers.OpenAI;
using DramaGen.Providers.Sora;
using DramaGen.Providers.Veo;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DramaGen.Providers;

public static class ProvidersServiceCollectionExtensions
{
    /// <summary>
    /// Registers the text, image, video and speech provider that configuration selects, each behind its concurrency
    /// gate, and the resilient HttpClients the real ones use. Needs ProvidersOptions bound (AddDramaGenConfiguration).
    /// </summary>
    public static IServiceCollection AddProviders(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddProviderHttpClients();
        services.TryAddSingleton<ProviderConcurrency>();

        services.AddSingleton<ITextProvider>(provider => new ConcurrencyLimitedTextProvider(
            Resolve(provider, o => o.ResolvedTextProvider) switch
            {
                "openai" => ActivatorUtilities.CreateInstance<OpenAITextProvider>(provider),
                _ => ActivatorUtilities.CreateInstance<LocalTextProvider>(provider),
            },
            provider.GetRequiredService<ProviderConcurrency>()));
        services.AddSingleton<IImageProvider>(provider => new ConcurrencyLimitedImageProvider(
            Resolve(provider, o => o.ResolvedImageProvider) switch
            {
                "gemini" => ActivatorUtilities.CreateInstance<GeminiImageProvider>(provider),
                _ => ActivatorUtilities.CreateInstance<LocalImageProvider>(provider),
            },
            provider.GetRequiredService<ProviderConcurrency>()));
        services.AddSingleton<IVideoProvider>(provider => new ConcurrencyLimitedVideoProvider(
            Resolve(provider, o => o.ResolvedVideoProvider) switch
            {
                "sora" => ActivatorUtilities.CreateInstance<SoraVideoProvider>(provider),
                "veo" => ActivatorUtilities.CreateInstance<VeoVideoProvider>(provider),
                _ => ActivatorUtilities.CreateInstance<LocalVideoProvider>(provider),
            },
            provider.GetRequiredService<ProviderConcurrency>()));
        services.AddSingleton<ISpeechProvider>(provider => new ConcurrencyLimitedSpeechProvider(
            Resolve(provider, o => o.ResolvedSpeechProvider) switch
            {
                "openai" => ActivatorUtilities.CreateInstance<OpenAISpeechProvider>(provider),
                "gemini" => ActivatorUtilities.CreateInstance<GeminiSpeechProvider>(provider),
                _ => ActivatorUtilities.CreateInstance<LocalSpeechProvider>(provider),
            },
            provider.GetRequiredService<ProviderConcurrency>()));
        return services;
    }

    private static string Resolve(IServiceProvider provider, Func<ProvidersOptions, string> choose) =>
        choose(provider.GetRequiredService<IOptions<ProvidersOptions>>().Value);
}
