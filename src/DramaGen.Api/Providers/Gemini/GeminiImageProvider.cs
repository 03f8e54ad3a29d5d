namespace DramaGen.Providers.Gemini;

// PLACEHOLDER: replaced by the providers work.
public sealed class GeminiImageProvider : IImageProvider
{
    public string Name => throw new NotImplementedException();
    public string Model => throw new NotImplementedException();
    public Task<GeneratedMedia> GenerateImageAsync(ImageRequest request, CancellationToken cancellationToken = default) => throw new NotImplementedException();
}
