namespace DramaGen.Providers;

/// <summary>
/// The selected video provider behind the VIDEO_MAX_CONCURRENCY gate. The slot is held while the provider
/// polls, because a queued operation counts against the provider's quota as much as a submission does.
/// </summary>
public sealed class ConcurrencyLimitedVideoProvider(IVideoProvider inner, ProviderConcurrency concurrency) : IVideoProvider
{
    public IVideoProvider Inner => inner;
    public string Name => inner.Name;
    public string Model => inner.Model;
    public int MaxReferenceImages => inner.MaxReferenceImages;

    public Task<GeneratedMedia> GenerateVideoAsync(VideoRequest request, CancellationToken cancellationToken = default) =>
        concurrency.RunVideoAsync(() => inner.GenerateVideoAsync(request, cancellationToken), cancellationToken);
}
