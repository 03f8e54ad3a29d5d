using DramaGen.Configuration;
using Microsoft.Extensions.Options;

namespace DramaGen.Providers;

/// <summary>
/// One gate per capability (TEXT/IMAGE/VIDEO/SPEECH_MAX_CONCURRENCY) that every call to a provider passes, so a
/// large drama queues its work here instead of tripping the provider's quota.
/// </summary>
public sealed class ProviderConcurrency(IOptions<ProvidersOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _text = new(options.Value.TextMaxConcurrency);
    private readonly SemaphoreSlim _image = new(options.Value.ImageMaxConcurrency);
    private readonly SemaphoreSlim _video = new(options.Value.VideoMaxConcurrency);
    private readonly SemaphoreSlim _speech = new(options.Value.SpeechMaxConcurrency);

    public Task<T> RunTextAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken) => RunAsync(_text, work, cancellationToken);

    public Task<T> RunImageAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken) => RunAsync(_image, work, cancellationToken);

    public Task<T> RunVideoAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken) => RunAsync(_video, work, cancellationToken);

    public Task<T> RunSpeechAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken) => RunAsync(_speech, work, cancellationToken);

    /// <summary>Calls currently holding a slot, per capability (for tests and diagnostics).</summary>
    public (int Text, int Image, int Video) InFlight => (
        options.Value.TextMaxConcurrency - _text.CurrentCount,
        options.Value.ImageMaxConcurrency - _image.CurrentCount,
        options.Value.VideoMaxConcurrency - _video.CurrentCount);

    private static async Task<T> RunAsync<T>(SemaphoreSlim gate, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await work();
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose()
    {
        _text.Dispose();
        _image.Dispose();
        _video.Dispose();
        _speech.Dispose();
    }
}
