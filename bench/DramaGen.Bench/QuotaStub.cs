using System.Net;
using DramaGen.Providers;

namespace DramaGen.Bench;

/// <summary>
/// An image provider's HTTP endpoint with a request quota, as the real ones enforce it: beyond <c>requestsPerMinute</c>
/// requests in any minute (on the given clock) it answers 429 with a Retry-After of the seconds until the oldest
/// request leaves the window; otherwise it waits the node's latency and answers 200. It sits under the engine's real
/// HttpClient pipeline (resilience with MAX_RETRIES and Retry-After, ThrottleReportingHandler into the image pool).
/// </summary>
public sealed class QuotaStubHandler(int requestsPerMinute, TimeProvider clock, BenchLatency latency) : HttpMessageHandler
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly Queue<DateTimeOffset> _accepted = new();
    private readonly Lock _gate = new();
    private int _throttled;
    private int _accepts;
    private DateTimeOffset _firstAccepted;
    private DateTimeOffset _lastAccepted;

    public int Throttled => Volatile.Read(ref _throttled);
    public int Accepted => Volatile.Read(ref _accepts);

    /// <summary>When the first request within the quota arrived.</summary>
    public DateTimeOffset FirstAccepted
    {
        get { lock (_gate) { return _firstAccepted; } }
    }

    /// <summary>When the last request within the quota arrived.</summary>
    public DateTimeOffset LastAccepted
    {
        get { lock (_gate) { return _lastAccepted; } }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var prompt = await request.Content!.ReadAsStringAsync(cancellationToken);
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            while (_accepted.Count > 0 && _accepted.Peek() <= now - Window)
            {
                _accepted.Dequeue();
            }
            if (_accepted.Count >= requestsPerMinute)
            {
                _throttled++;
                var wait = _accepted.Peek() + Window - now;
                var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests)
                {
                    Content = new StringContent("""{"error":{"code":429,"status":"RESOURCE_EXHAUSTED"}}"""),
                };
                response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(Math.Ceiling(wait.TotalSeconds)));
                return response;
            }
            _accepted.Enqueue(now);
            if (_accepts++ == 0)
            {
                _firstAccepted = now;
            }
            _lastAccepted = now;
        }
        var delay = latency.Of(prompt, video: false);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, clock, cancellationToken);
        }
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(prompt)) };
    }
}

/// <summary>An image provider that calls the quota stub through the engine's named HttpClient for Gemini images.</summary>
public sealed class QuotaStubImageProvider(IHttpClientFactory clients) : IImageProvider
{
    public string Name => "bench-quota";
    public string Model => "bench-image";

    public async Task<GeneratedMedia> GenerateImageAsync(ImageRequest request, CancellationToken cancellationToken = default)
    {
        var client = clients.CreateClient(ProviderHttpClients.Gemini);
        using var response = await client.PostAsync("http://quota-stub.invalid/v1/images", new StringContent(request.Prompt), cancellationToken);
        response.EnsureSuccessStatusCode();
        return new GeneratedMedia(await response.Content.ReadAsByteArrayAsync(cancellationToken), "image/png", Name, Model);
    }
}
