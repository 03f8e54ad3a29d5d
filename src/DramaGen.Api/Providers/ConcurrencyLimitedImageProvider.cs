namespace DramaGen.Providers;

/// <summary>The selected image provider behind the IMAGE_MAX_CONCURRENCY gate.</summary>
public sealed class ConcurrencyLimitedImageProvider(IImageProvider inner, ProviderConcurrency concurrency) : IImageProvider
{
    public IImageProvider Inner => inner;
    public string Name => inner.Name;
    public string Model => inner.Model;
    public int MaxReferenceImages => inner.MaxReferenceImages;

    public Task<GeneratedMedia> GenerateImageAsync(ImageRequest request, CancellationToken cancellationToken = default) =>
        concurrency.RunImageAsync(() => inner.GenerateImageAsync(request, cancellationToken), cancellationToken);
}
