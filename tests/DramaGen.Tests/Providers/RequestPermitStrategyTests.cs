using System.Net;
using DramaGen.Configuration;
using DramaGen.Pacing;
using DramaGen.Providers;
using DramaGen.Tests.VirtualTime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace DramaGen.Tests.Providers;

/// <summary>
/// The request quota through the real provider HttpClient pipeline (resilience, request permits, 429 reporting), in
/// virtual time against a provider that counts a request from its arrival (0.5-1 s after it was sent) and answers
/// two seconds later. The calls run as the engine's nodes do: a slot of the image pool, then the request.
/// </summary>
public sealed class RequestPermitStrategyTests : IAsyncDisposable
{
    private static readonly TimeSpan HalfASecond = TimeSpan.FromSeconds(0.5);
    private static readonly TimeSpan Latency = TimeSpan.FromSeconds(2);
    private readonly WatchedTimeProvider _timers = new(new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z")));
    private ServiceProvider? _services;
    private int _unfinished;

    public ValueTask DisposeAsync() => _services?.DisposeAsync() ?? ValueTask.CompletedTask;

    [Fact]
    public async Task A_retried_429_takes_a_second_permit_and_waits_until_the_first_is_a_minute_past_its_answer()
    {
        var stub = new QuotaProviderStub(requestsPerMinute: 10, _timers, [HalfASecond], Latency, refuseFirst: 1);
        var pool = Start(stub, rpm: 1, maxRetries: 1);
        var start = _timers.GetUtcNow();

        var statuses = await RunAsync(pool, stub, calls: 1);

        Assert.Equal([HttpStatusCode.OK], statuses);
        // The 429 was answered at 0.5 s; its permit came back at 60.5 s, when the retry was sent.
        Assert.Equal([0.5, 61.0], stub.Arrivals.Select(at => (at - start).TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(63), _timers.GetUtcNow() - start);
        Assert.Equal(1, pool.State.Throttled);
    }

    [Fact]
    public async Task At_an_RPM_equal_to_the_providers_quota_a_burst_with_caps_far_too_high_gets_no_429_and_keeps_the_quota_busy()
    {
        const int Quota = 5;
        // Requests take 0.5, 0.75 or 1 s to arrive: a permit held a minute from its grant (or its send) would let the
        // next request in before the provider's minute of the previous one is over.
        var stub = new QuotaProviderStub(Quota, _timers, [HalfASecond, TimeSpan.FromSeconds(0.75), TimeSpan.FromSeconds(1)], Latency);
        // No retries: a single 429 would fail its call.
        var pool = Start(stub, rpm: Quota, maxRetries: 0);
        var start = _timers.GetUtcNow();

        var statuses = await RunAsync(pool, stub, calls: 23);

        Assert.Equal(0, stub.Throttled);
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        // The quota kept busy: each request is sent the moment a permit comes back, a minute after an answer (at most
        // 3 s after its send), so the 21st arrives no later than 4 x 63 s, against 4 minutes at best.
        var arrivals = stub.Arrivals.Select(at => (at - start).TotalSeconds).Order().ToList();
        Assert.Equal(23, arrivals.Count);
        Assert.InRange(arrivals[20], 240, 4 * 63);
        Assert.Equal(pool.Capacity, pool.Limit);
    }

    private CapacityPool Start(QuotaProviderStub stub, int rpm, int maxRetries)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["IMAGE_RPM"] = rpm.ToString(),
            ["IMAGE_MAX_CONCURRENCY"] = "16",
            ["MAX_RETRIES"] = maxRetries.ToString(),
            ["RETRY_BASE_DELAY_MS"] = "0",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Error));
        services.AddSingleton<TimeProvider>(_timers);
        services.AddValidatedOptions<ProvidersOptions>(configuration);
        services.AddPacing();
        services.AddProviderHttpClients();
        services.AddHttpClient(ProviderHttpClients.Gemini).ConfigurePrimaryHttpMessageHandler(() => stub);
        _services = services.BuildServiceProvider();
        return _services.GetRequiredService<CapacityPools>().Image;
    }

    /// <summary>Starts every call at once (each asks for its slot before the clock moves) and drives them to the end.</summary>
    private async Task<HttpStatusCode[]> RunAsync(CapacityPool pool, QuotaProviderStub stub, int calls)
    {
        var client = _services!.GetRequiredService<IHttpClientFactory>().CreateClient(ProviderHttpClients.Gemini);
        _unfinished = calls;
        var all = Task.WhenAll(Enumerable.Range(0, calls).Select(call => CallAsync(pool, client, stub.Progress, call)));
        await new VirtualTimeDriver(_timers.Clock, new PacedCallWaits(_timers, pool, stub, () => Volatile.Read(ref _unfinished))).RunUntilAsync(all);
        return await all;
    }

    private async Task<HttpStatusCode> CallAsync(CapacityPool pool, HttpClient client, Progress progress, int call)
    {
        var slot = await pool.AcquireAsync(this, 0, CancellationToken.None, progress.Moved);
        try
        {
            CapacityPool.RunCallsIn(slot);
            using var response = await client.PostAsync("http://quota-stub.test/v1beta/models/image:generateContent", new StringContent($"image {call}"));
            return response.StatusCode;
        }
        finally
        {
            slot.Dispose();
            Interlocked.Decrement(ref _unfinished);
            progress.Moved();
        }
    }
}
