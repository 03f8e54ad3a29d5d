using DramaGen.Configuration;
using DramaGen.Providers;
using DramaGen.Providers.Local;
using Microsoft.Extensions.Options;
using DramaGen.Tests.VirtualTime;
using Microsoft.Extensions.Time.Testing;

namespace DramaGen.Tests.Providers.Local;

public sealed class LocalProviderBehaviourTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dramagen-behaviour-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Latency_waits_on_the_injected_time_provider()
    {
        var time = new WatchedTimeProvider(new FakeTimeProvider());
        var sut = new LocalTextProvider(Options.Create(new LocalProviderOptions { TextLatencyMs = 5_000 }), time);

        var write = sut.WriteAsync(new DramaBrief("A clockmaker steals an hour.", 1, 1));
        // The call waits on the injected clock, for exactly the latency; until that timer fires nothing can finish it.
        Assert.Equal([time.GetUtcNow().AddSeconds(5)], time.Waits);
        time.Clock.Advance(TimeSpan.FromMilliseconds(4_999));
        Assert.Single(time.Waits);
        Assert.False(write.IsCompleted);
        time.Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Empty(time.Waits);

        var draft = await write.WithinPatience();
        Assert.Single(draft.Episodes);
    }

    [Fact]
    public async Task Latency_is_set_per_capability()
    {
        var time = new WatchedTimeProvider(new FakeTimeProvider());
        var options = Options.Create(new LocalProviderOptions { ImageLatencyMs = 2_000, TextLatencyMs = 0 });
        var text = new LocalTextProvider(options, time);
        var image = new LocalImageProvider(options, time, Microsoft.Extensions.Logging.Abstractions.NullLogger<LocalImageProvider>.Instance);

        var draft = await text.WriteAsync(new DramaBrief("A clockmaker steals an hour.", 1, 1)).WithinPatience();
        var card = image.GenerateImageAsync(new ImageRequest("A clock", "9:16", []));
        // Text took no clock time; the image waits its own latency.
        Assert.Equal([time.GetUtcNow().AddSeconds(2)], time.Waits);
        Assert.False(card.IsCompleted);
        time.Clock.Advance(TimeSpan.FromSeconds(2));

        Assert.NotEmpty((await card.WithinPatience()).Content);
        Assert.Single(draft.Episodes);
    }

    [Fact]
    public async Task Latency_is_cut_short_by_cancellation()
    {
        var sut = new LocalTextProvider(Options.Create(new LocalProviderOptions { TextLatencyMs = 60_000 }), new FakeTimeProvider());
        using var cancel = new CancellationTokenSource();

        var write = sut.WriteAsync(new DramaBrief("A clockmaker steals an hour.", 1, 1), cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => write);
    }

    [Fact]
    public async Task Failure_rate_one_fails_every_call_without_retry()
    {
        var sut = new LocalTextProvider(Options.Create(new LocalProviderOptions { FailureRate = 1.0 }), TimeProvider.System);

        var error = await Assert.ThrowsAsync<ProviderException>(() => sut.WriteAsync(new DramaBrief("A clockmaker steals an hour.", 1, 1)));

        Assert.False(error.IsRetryable);
        Assert.Equal("local", error.Provider);
        Assert.Contains("simulated failure", error.Message);
    }

    [Fact]
    public void Failure_rate_zero_never_fails_and_one_always_fails()
    {
        var hashes = Enumerable.Range(0, 500).Select(i => StableHash.Hex("request", i.ToString())).ToList();

        Assert.DoesNotContain(hashes, h => LocalProviderBehaviour.FailsByRate(h, 0.0));
        Assert.All(hashes, h => Assert.True(LocalProviderBehaviour.FailsByRate(h, 1.0)));
    }

    [Fact]
    public void Failure_rate_fails_about_that_share_of_requests_and_always_the_same_ones()
    {
        var hashes = Enumerable.Range(0, 1_000).Select(i => StableHash.Hex("request", i.ToString())).ToList();

        var failing = hashes.Where(h => LocalProviderBehaviour.FailsByRate(h, 0.3)).ToList();

        Assert.InRange(failing.Count, 240, 360);
        Assert.Equal(failing, hashes.Where(h => LocalProviderBehaviour.FailsByRate(h, 0.3)));
    }

    [Fact]
    public async Task Call_log_gets_one_line_per_call_with_operation_and_request_hash()
    {
        var log = Path.Combine(_dir, "nested", "calls.log");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
        var sut = new LocalTextProvider(Options.Create(new LocalProviderOptions { CallLogPath = log }), time);

        await sut.WriteAsync(new DramaBrief("A clockmaker steals an hour.", 1, 1));
        await sut.WriteAsync(new DramaBrief("A clockmaker steals an hour.", 1, 1));
        await sut.WriteAsync(new DramaBrief("A baker bakes a map.", 1, 1));

        var lines = (await File.ReadAllLinesAsync(log)).Select(l => l.Split('\t')).ToList();
        Assert.Equal(3, lines.Count);
        Assert.All(lines, l => Assert.Equal(["2026-11-23T10:00:00.0000000+00:00", "text.write"], l[..2]));
        Assert.Equal(2, lines.GroupBy(l => l[2]).Count());
        Assert.Equal(2, lines.GroupBy(l => l[2]).Max(g => g.Count()));
    }

    [Fact]
    public async Task Call_log_keeps_every_line_when_many_calls_write_at_once()
    {
        var log = Path.Combine(_dir, "calls.log");
        var sut = new LocalTextProvider(Options.Create(new LocalProviderOptions { CallLogPath = log }), TimeProvider.System);

        await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() => sut.WriteAsync(new DramaBrief($"Premise number {i}", 1, 1)))));

        var lines = await File.ReadAllLinesAsync(log);
        Assert.Equal(64, lines.Length);
        Assert.All(lines, l => Assert.Equal(3, l.Split('\t').Length));
        Assert.Equal(64, lines.Select(l => l.Split('\t')[2]).Distinct().Count());
    }
}
