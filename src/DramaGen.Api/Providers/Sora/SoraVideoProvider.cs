namespace DramaGen.Providers.Sora;

// PLACEHOLDER: replaced by the providers work.
public sealed class SoraVideoProvider : IVideoProvider
{
    public string Name => "local";
    public string Model => "placeholder";
    public Task<GeneratedMedia> GenerateVideoAsync(VideoRequest request, CancellationToken cancellationToken = default) => throw new NotImplementedException();
}
