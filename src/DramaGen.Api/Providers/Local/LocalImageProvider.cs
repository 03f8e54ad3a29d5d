namespace DramaGen.Providers.Local;

// PLACEHOLDER: replaced by the providers work.
public sealed class LocalImageProvider : IImageProvider
{
    public string Name => "local";
    public string Model => "placeholder";
    public Task<GeneratedMedia> GenerateImageAsync(ImageRequest request, CancellationToken cancellationToken = default) => throw new NotImplementedException();
}
