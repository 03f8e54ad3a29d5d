using DramaGen.Configuration;
using DramaGen.Providers;
using DramaGen.Storage;
using Microsoft.Extensions.Options;

namespace DramaGen.Api;

/// <summary>Says at start-up what the service runs on, so an operator sees embedded defaults or a missing key at once.</summary>
internal sealed class StartupReport(IObjectStore store, ITextProvider text, IImageProvider image, IVideoProvider video, ISpeechProvider speech,
    IOptions<ServiceOptions> service, IOptions<ProvidersOptions> providers, ILogger<StartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var embedded = store.Kind == "local" && text.Name == "local" && image.Name == "local" && video.Name == "local";
        logger.LogInformation(
            "DramaGen {Version} on {Mode}: storage {Storage}, text {Text} ({TextModel}), image {Image} ({ImageModel}), video {Video} ({VideoModel})",
            ServiceEndpoints.Version, embedded ? "embedded defaults" : "configured providers", store.Kind,
            text.Name, text.Model, image.Name, image.Model, video.Name, video.Model);
        var choices = providers.Value;
        foreach (var (capability, name, model, reason) in new[]
                 {
                     ("text", text.Name, text.Model, choices.TextChoice.Reason), ("image", image.Name, image.Model, choices.ImageChoice.Reason),
                     ("video", video.Name, video.Model, choices.VideoChoice.Reason), ("speech", speech.Name, speech.Model, choices.SpeechChoice.Reason),
                 })
        {
            logger.LogInformation("Provider for {Capability}: {Provider} ({Model}) because {Reason}", capability, name, model, reason);
        }
        if (service.Value.CorsOriginList.Count == 0)
        {
            logger.LogInformation("CORS_ORIGINS is empty: only same-origin browsers (the viewer) can call the API");
        }
        if (service.Value.ApiKeyList.Count == 0)
        {
            logger.LogWarning("API_KEYS is empty: every route is open without an API key");
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
