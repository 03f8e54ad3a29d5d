using DramaGen.Configuration;
using DramaGen.Generation.Planning;
using DramaGen.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace DramaGen.Bench;

/// <summary>
/// (q) The engine against an image provider with a request quota (<see cref="QuotaStubHandler"/>), caps far too high
/// (16/16): once with IMAGE_RPM set to the quota, once with the caps alone (the live limit adapting to 429s). Time is
/// scaled (<see cref="ScaledClock"/>), so a quota minute takes scale x 60 real seconds.
/// </summary>
public static class QuotaBench
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static async Task RunAsync(double scale, int quota)
    {
        var drama = SyntheticDramas.Build("drama_quota", characters: 12, episodes: 4, scenesPerEpisode: 8);
        var graph = DramaGraph.Build(drama);
        var images = graph.Nodes.Count(node => node.Capability == Capability.Image);
        var caps = new Dictionary<Capability, int> { [Capability.Image] = 16, [Capability.Video] = 16 };
        var bound = LowerBound.Of(graph, BenchLatency.SecondsOf, caps, new Dictionary<Capability, int> { [Capability.Image] = quota });
        // A sliding minute admits the k-th request (from 0) no sooner than floor(k / quota) minutes in: the quota's best.
        var lastAdmissible = (images - 1) / quota * Window.TotalSeconds;
        Console.WriteLine($"(q) quota stub: {graph.Nodes.Count} nodes ({images} images), image quota {quota}/min answered 429 + Retry-After beyond it, " +
            $"caps image 16 video 16, MAX_RETRIES 2, scaled time x{scale} (seconds below are scaled)");
        Console.WriteLine($"    lower bound {bound}; the quota admits the last image request no sooner than {lastAdmissible:F0} s");
        // Warm-up: the first calls through the HttpClient pipeline (handlers, Polly, request permits) pay JIT and
        // first-use costs, which at this scale are seconds of quota time and belong to no measurement.
        await using (var warm = CreateEngine(scale, rpm: 1_000, new QuotaStubHandler(1_000, new ScaledClock(scale), new BenchLatency(1)), new ScaledClock(scale)))
        {
            await warm.StartAsync();
            await warm.Dramas.CreateAsync(SyntheticDramas.Build("drama_warm", characters: 4, episodes: 1, scenesPerEpisode: 2));
            await warm.RunAsync("drama_warm");
        }
        foreach (var rpm in new[] { quota, 0 })
        {
            var clock = new ScaledClock(scale);
            var stub = new QuotaStubHandler(quota, clock, new BenchLatency(1));
            await using var engine = CreateEngine(scale, rpm, stub, clock);
            await engine.StartAsync();
            await engine.Dramas.CreateAsync(drama);
            var start = clock.GetUtcNow();
            var parent = await engine.RunAsync("drama_quota");
            var makespan = (clock.GetUtcNow() - start).TotalSeconds;
            var lastAdmitted = (stub.LastAccepted - start).TotalSeconds;
            var firstAdmitted = (stub.FirstAccepted - start).TotalSeconds;
            var counts = engine.Jobs.CountChildren(parent.JobId);
            Console.WriteLine($"    {(rpm > 0 ? $"IMAGE_RPM {rpm}" : "caps only (AIMD)"),-16}: makespan {makespan:F1} s, ratio {makespan / bound.Bound:F3} ({parent.Status}); " +
                $"429s {stub.Throttled} of {stub.Throttled + stub.Accepted} image requests ({(double)stub.Throttled / Math.Max(1, stub.Throttled + stub.Accepted):P1}); " +
                $"image admissions from {firstAdmitted:F1} s to {lastAdmitted:F1} s = {lastAdmissible / Math.Max(lastAdmitted, 1e-9):P0} of the quota's throughput; " +
                $"failed nodes {counts.Failed}; live image limit {engine.Pools.Image.Limit}/{engine.Pools.Image.Capacity}");
        }
        Console.WriteLine();
    }

    /// <summary>The engine at caps 16/16 with its images through the Gemini HttpClient to <paramref name="stub"/>.</summary>
    private static BenchEngine CreateEngine(double scale, int rpm, QuotaStubHandler stub, ScaledClock clock) => new(new Dictionary<string, string?>
    {
        ["IMAGE_MAX_CONCURRENCY"] = "16",
        ["VIDEO_MAX_CONCURRENCY"] = "16",
        ["IMAGE_RPM"] = rpm.ToString(),
        ["EPISODE_CUTS"] = "false",
        ["CHARACTER_VIEWS"] = "",
    }, services =>
    {
        services.AddProviderHttpClients();
        services.AddHttpClient(ProviderHttpClients.Gemini).ConfigurePrimaryHttpMessageHandler(() => stub);
        services.AddSingleton<IImageProvider, QuotaStubImageProvider>();
        services.AddSingleton<IVideoProvider>(new BenchVideoProvider(new BenchLatency(scale)));
    }, clock);
}
