using DramaGen.Pacing;
using DramaGen.Providers;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace DramaGen.Tests.Providers;

/// <summary>A real stub server's 429 reaches the capability's pool, so every run's submissions slow down, not only this call's.</summary>
public sealed class ThrottleReportingTests : IDisposable
{
    private const string Path = "/v1beta/models/gemini-2.5-flash-image:generateContent";
    private readonly ProviderTestHost _host = ProviderTestHost.Start(("IMAGE_MAX_CONCURRENCY", "8"));

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task A_429_with_Retry_After_halves_the_image_limit_and_is_counted_for_images_only()
    {
        var pools = _host.Services.GetRequiredService<CapacityPools>();
        ThrottleOnceThenAnswer(_host);

        var (_, elapsed) = await _host.RunAsync(() => _host.Images.GenerateImageAsync(new ImageRequest("Mara at dusk", "9:16", [])));

        Assert.Equal(2, _host.Requests.Count);
        Assert.Equal(TimeSpan.FromSeconds(3), elapsed); // the retry waits the Retry-After once; the pool's pause adds nothing
        Assert.Equal(1, pools.Image.State.Throttled);
        Assert.Equal(4, pools.Image.Limit);
        Assert.Equal(0, pools.Video.State.Throttled);
    }

    [Fact]
    public async Task With_a_shared_quota_every_attempt_takes_a_shared_permit_answered_after_it_and_a_429_is_shared_with_its_retry_after()
    {
        var shared = new RecordingQuotas();
        using var host = ProviderTestHost.Start(services => services.AddSingleton<IClusterQuotas>(shared), ("IMAGE_RPM", "10"));
        ThrottleOnceThenAnswer(host);

        await host.RunAsync(() => host.Images.GenerateImageAsync(new ImageRequest("Mara at dusk", "9:16", [])));

        Assert.Equal(["take image", "429 image 00:00:03", "answered", "take image", "answered"], shared.Calls);
    }

    /// <summary>The first image request is answered 429 with "Retry-After: 3", the next ones with an image.</summary>
    private static void ThrottleOnceThenAnswer(ProviderTestHost host)
    {
        host.Server.Given(Request.Create().WithPath(Path).UsingPost()).InScenario("throttle").WillSetStateTo("open")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "3")
                .WithBodyAsJson(new { error = new { code = 429, message = "Resource exhausted", status = "RESOURCE_EXHAUSTED" } }));
        host.Server.Given(Request.Create().WithPath(Path).UsingPost()).InScenario("throttle").WhenStateIs("open")
            .RespondWith(Response.Create().WithStatusCode(200).WithBodyAsJson(new
            {
                candidates = new[] { new { finishReason = "STOP", content = new { parts = new object[] { new { inlineData = new { mimeType = "image/png", data = "iVBORw0KGgo=" } } } } } },
            }));
    }

    /// <summary>What the providers ask of the quotas several instances share, in order (their PostgreSQL side is tested on its own).</summary>
    private sealed class RecordingQuotas : IClusterQuotas, IClusterPermit
    {
        public List<string> Calls { get; } = [];

        public Task<IClusterPermit?> TakeAsync(CapacityPool pool, CancellationToken cancellationToken)
        {
            lock (Calls) Calls.Add($"take {pool.Name}");
            return Task.FromResult<IClusterPermit?>(this);
        }

        public Task ReportThrottledAsync(CapacityPool pool, TimeSpan? retryAfter, CancellationToken cancellationToken)
        {
            lock (Calls) Calls.Add($"429 {pool.Name} {retryAfter}");
            return Task.CompletedTask;
        }

        public Task AnsweredAsync()
        {
            lock (Calls) Calls.Add("answered");
            return Task.CompletedTask;
        }
    }
}
