namespace DramaGen.Providers.Local;

// PLACEHOLDER: replaced by the providers work.
public sealed class LocalImageProvider : IImageProvider
{
    public string Name => throw new NotImplementedException();
    public string Model => throw new NotImplementedException();
    public Task<GeneratedMedia> GenerateImageAsync(ImageRequest request, CancellationToken cancellationToken = default) => throw new NotImplementedException();
}
