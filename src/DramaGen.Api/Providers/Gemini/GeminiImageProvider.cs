namespace DramaGen.Providers.Gemini;

// PLACEHOLDER: replaced by the providers work.
public sealed class GeminiImageProvider : IImageProvider
{
    public string Name => "local";
    public string Model => "placeholder";
    public Task<GeneratedMedia> GenerateImageAsync(ImageRequest request, CancellationToken cancellationToken = default) => throw new NotImplementedException();
}
