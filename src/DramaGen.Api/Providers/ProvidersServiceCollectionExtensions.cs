using DramaGen.Configuration;
using DramaGen.Pacing;
using DramaGen.Providers.Gemini;
using DramaGen.Providers.Local;
using DramaGen.Providers.OpenAI;
using DramaGen.Providers.Sora;
using DramaGen.Providers.Veo;
using Microsoft.Extensions.Options;

namespace DramaGen.Providers;

public static class ProvidersServiceCollectionExtensions
{
    /// <summary>
    /// Registers the text, image, video and speech provider that configuration selects, and the resilient HttpClients
    /// the real ones use. Needs ProvidersOptions bound (AddDramaGenConfiguration). Their concurrency is not limited
    /// here but in one place, the pacing pools (DramaGen.Pacing.CapacityPools) that callers acquire first.
    /// </summary>
    public static IServiceCollection AddProviders(this IServiceCollection services)
    {
        services.AddPacing();
        services.AddProviderHttpClients();

        services.AddSingleton<ITextProvider>(provider => Resolve(provider, o => o.ResolvedTextProvider) switch
            {
                "openai" => ActivatorUtilities.CreateInstance<OpenAITextProvider>(provider),
                _ => ActivatorUtilities.CreateInstance<LocalTextProvider>(provider),
            });
        services.AddSingleton<IImageProvider>(provider => Resolve(provider, o => o.ResolvedImageProvider) switch
            {
                "gemini" => ActivatorUtilities.CreateInstance<GeminiImageProvider>(provider),
                _ => ActivatorUtilities.CreateInstance<LocalImageProvider>(provider),
            });
        services.AddSingleton<IVideoProvider>(provider => Resolve(provider, o => o.ResolvedVideoProvider) switch
            {
                "sora" => ActivatorUtilities.CreateInstance<SoraVideoProvider>(provider),
                "veo" => ActivatorUtilities.CreateInstance<VeoVideoProvider>(provider),
                _ => ActivatorUtilities.CreateInstance<LocalVideoProvider>(provider),
            });
        services.AddSingleton<ISpeechProvider>(provider => Resolve(provider, o => o.ResolvedSpeechProvider) switch
            {
                "openai" => ActivatorUtilities.CreateInstance<OpenAISpeechProvider>(provider),
                "gemini" => ActivatorUtilities.CreateInstance<GeminiSpeechProvider>(provider),
                _ => ActivatorUtilities.CreateInstance<LocalSpeechProvider>(provider),
            });
        return services;
    }

    private static string Resolve(IServiceProvider provider, Func<ProvidersOptions, string> choose) =>
        choose(provider.GetRequiredService<IOptions<ProvidersOptions>>().Value);
}
