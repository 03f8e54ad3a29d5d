namespace DramaGen.Providers;

/// <summary>The selected speech provider behind the SPEECH_MAX_CONCURRENCY gate.</summary>
public sealed class ConcurrencyLimitedSpeechProvider(ISpeechProvider inner, ProviderConcurrency concurrency) : ISpeechProvider
{
    public ISpeechProvider Inner => inner;
    public string Name => inner.Name;
    public string Model => inner.Model;
    public IReadOnlyList<string> Voices => inner.Voices;

    public Task<GeneratedMedia> SpeakAsync(SpeechRequest request, CancellationToken cancellationToken = default) =>
        concurrency.RunSpeechAsync(() => inner.SpeakAsync(request, cancellationToken), cancellationToken);
}
