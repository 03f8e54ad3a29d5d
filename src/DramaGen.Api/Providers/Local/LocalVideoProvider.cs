namespace DramaGen.Providers.Local;

// PLACEHOLDER: replaced by the providers work.
public sealed class LocalVideoProvider : IVideoProvider
{
    public string Name => "local";
    public string Model => "placeholder";
    public Task<GeneratedMedia> GenerateVideoAsync(VideoRequest request, CancellationToken cancellationToken = default) => throw new NotImplementedException();
}
