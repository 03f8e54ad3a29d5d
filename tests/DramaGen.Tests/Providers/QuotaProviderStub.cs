using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace DramaGen.Tests.Providers;

/// <summary>
/// A provider endpoint with a request quota, in the virtual time of the code under test (so it runs as the engine's
/// primary handler, under the real HttpClient pipeline, instead of behind a socket): the n-th request reaches the
/// provider <c>arrivals[n % arrivals.Length]</c> after it was sent (networks vary) and is counted from then, as the
/// providers count it; beyond <c>requestsPerMinute</c>
/// arrivals in any minute it answers 429 with Gemini's RESOURCE_EXHAUSTED body and a Retry-After of the seconds until
/// the oldest arrival leaves the minute, otherwise 200 after <c>latency</c>. <c>refuseFirst</c> requests are answered
/// 429 with Retry-After: 0 whatever the quota (a provider overloaded for a moment).
/// </summary>
internal sealed class QuotaProviderStub(int requestsPerMinute, TimeProvider clock, TimeSpan[] arrivals, TimeSpan latency, int refuseFirst = 0)
    : HttpMessageHandler
{
    private int _sent;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly Lock _gate = new();
    private readonly List<DateTimeOffset> _arrivals = [];
    private readonly List<DateTimeOffset> _accepted = [];
    private readonly ConcurrentDictionary<object, DateTimeOffset> _delays = new();
    private int _throttled;

    /// <summary>Moves whenever a request starts or stops waiting on the clock in here (see <see cref="PacedCallWaits"/>).</summary>
    public Progress Progress { get; } = new();

    public int Throttled => Volatile.Read(ref _throttled);

    /// <summary>When each request reached the provider, refused or not, in order.</summary>
    public IReadOnlyList<DateTimeOffset> Arrivals
    {
        get { lock (_gate) { return [.. _arrivals]; } }
    }

    /// <summary>Due times of the requests waiting on the clock in here (arriving or being answered).</summary>
    public IReadOnlyCollection<DateTimeOffset> Delays => [.. _delays.Values];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await DelayAsync(arrivals[(Interlocked.Increment(ref _sent) - 1) % arrivals.Length], cancellationToken);
        TimeSpan? refusal;
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            _arrivals.Add(now);
            _accepted.RemoveAll(at => at <= now - Window);
            refusal = _arrivals.Count <= refuseFirst ? TimeSpan.Zero
                : _accepted.Count >= requestsPerMinute ? _accepted[0] + Window - now
                : null;
            if (refusal is null)
            {
                _accepted.Add(now);
            }
        }
        if (refusal is { } wait)
        {
            Interlocked.Increment(ref _throttled);
            var refused = new HttpResponseMessage(HttpStatusCode.TooManyRequests)
            {
                Content = new StringContent("""{"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED"}}""",
                    Encoding.UTF8, "application/json"),
            };
            refused.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(Math.Ceiling(wait.TotalSeconds)));
            return refused;
        }
        await DelayAsync(latency, cancellationToken);
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"ok":true}""", Encoding.UTF8, "application/json") };
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        var key = new object();
        _delays[key] = clock.GetUtcNow() + delay;
        Progress.Moved();
        try
        {
            await Task.Delay(delay, clock, cancellationToken);
        }
        finally
        {
            _delays.TryRemove(key, out _);
            Progress.Moved();
        }
    }
}

/// <summary>A counter that moves with every step of the calls under test, so a waiting decision can check nothing moved meanwhile.</summary>
internal sealed class Progress
{
    private long _version;

    public long Version => Interlocked.Read(ref _version);

    public void Moved() => Interlocked.Increment(ref _version);
}
