using DramaGen.Configuration;
using DramaGen.Providers;
using Microsoft.Extensions.Options;

namespace DramaGen.Tests.Providers;

public sealed class ProviderConcurrencyTests
{
    /// <summary>An image provider whose calls wait until the test releases them, counting how many run at once.</summary>
    private sealed class GatedImageProvider : IImageProvider
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _running;

        public int MostAtOnce { get; private set; }
        public int Started { get; private set; }
        public string Name => "gated";
        public string Model => "m";

        public void Release() => _release.TrySetResult();

        public async Task<GeneratedMedia> GenerateImageAsync(ImageRequest request, CancellationToken cancellationToken = default)
        {
            lock (_release)
            {
                Started++;
                MostAtOnce = Math.Max(MostAtOnce, ++_running);
            }
            await _release.Task.WaitAsync(cancellationToken);
            lock (_release)
            {
                _running--;
            }
            return new GeneratedMedia([1], "image/png", Name, Model);
        }
    }

    [Fact]
    public async Task Image_calls_beyond_IMAGE_MAX_CONCURRENCY_wait_for_a_free_slot()
    {
        using var concurrency = new ProviderConcurrency(Options.Create(new ProvidersOptions { ImageMaxConcurrency = 2 }));
        var inner = new GatedImageProvider();
        var gated = new ConcurrencyLimitedImageProvider(inner, concurrency);

        var calls = Enumerable.Range(0, 5).Select(_ => gated.GenerateImageAsync(new ImageRequest("p", "9:16", []))).ToList();

        Assert.Equal(2, inner.Started);
        Assert.Equal(2, concurrency.InFlight.Image);
        inner.Release();
        await Task.WhenAll(calls);
        Assert.Equal(5, inner.Started);
        Assert.Equal(2, inner.MostAtOnce);
        Assert.Equal(0, concurrency.InFlight.Image);
    }

    [Fact]
    public async Task A_caller_cancelled_while_waiting_for_a_slot_gives_up_without_calling_the_provider()
    {
        using var concurrency = new ProviderConcurrency(Options.Create(new ProvidersOptions { ImageMaxConcurrency = 1 }));
        var inner = new GatedImageProvider();
        var gated = new ConcurrencyLimitedImageProvider(inner, concurrency);
        var first = gated.GenerateImageAsync(new ImageRequest("p", "9:16", []));
        using var cancel = new CancellationTokenSource();

        var second = gated.GenerateImageAsync(new ImageRequest("p", "9:16", []), cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        Assert.Equal(1, inner.Started);
        inner.Release();
        await first;
    }
}
