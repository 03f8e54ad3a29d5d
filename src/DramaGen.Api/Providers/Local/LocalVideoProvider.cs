namespace DramaGen.Providers.Local;

// PLACEHOLDER: replaced by the providers work.
public sealed class LocalVideoProvider : IVideoProvider
{
    public string Name => throw new NotImplementedException();
    public string Model => throw new NotImplementedException();
    public Task<GeneratedMedia> GenerateVideoAsync(VideoRequest request, CancellationToken cancellationToken = default) => throw new NotImplementedException();
}
