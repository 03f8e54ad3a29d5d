using DramaGen.Generation.Estimates;
using DramaGen.Generation.Planning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DramaGen.Tests.Generation.Estimates;

public sealed class LatencyEstimatesTests
{
    [Fact]
    public async Task Latencies_are_learned_from_calls_per_provider_and_model_and_survive_a_restart()
    {
        var root = Directory.CreateTempSubdirectory("dramagen-latencies-").FullName;
        try
        {
            await using (var host = await EngineHost.StartAsync(new FakeTimeProvider(), root: root))
            {
                var before = host.Services.GetRequiredService<LatencyEstimates>();
                Assert.Equal(LatencyEstimates.DefaultSeconds(Capability.Image), before.SecondsFor(Capability.Image, "fake-image", "fake-image-1"));
                host.Image.Instrument.Latency = _ => TimeSpan.FromSeconds(3);
                host.Video.Instrument.Latency = _ => TimeSpan.FromSeconds(40);
                await host.CreateAsync(TestDramas.Generated("drama_learn", characters: 3, episodes: 1, scenesPerEpisode: 2));

                await host.GenerateAsync("drama_learn");
            }

            await using var restarted = new EngineHost(new FakeTimeProvider(), root: root);
            var learned = restarted.Services.GetRequiredService<LatencyEstimates>();
            Assert.Equal(3, learned.SecondsFor(Capability.Image, "fake-image", "fake-image-1"));
            // Videos per second of video: 40 s for clips of 4 s.
            Assert.Equal(10, learned.SecondsFor(Capability.Video, "fake-video", "fake-video-1"));
            // 3 portraits and 2 storyboards; another model of the same provider is still unknown.
            Assert.Equal(5, learned.Averages["image/fake-image/fake-image-1"].Samples);
            Assert.Equal(LatencyEstimates.DefaultSeconds(Capability.Image), learned.SecondsFor(Capability.Image, "fake-image", "fake-image-2"));
            // A moving average: a slower call moves it a fifth of the way.
            learned.Record(Capability.Image, "fake-image", "fake-image-1", TimeSpan.FromSeconds(13));
            Assert.Equal(5, learned.SecondsFor(Capability.Image, "fake-image", "fake-image-1"), 9);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task An_unreadable_estimates_file_starts_from_the_defaults()
    {
        var root = Directory.CreateTempSubdirectory("dramagen-latencies-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "jobs", "pacing"));
            File.WriteAllText(Path.Combine(root, "jobs", "pacing", "latencies.json"), "{ not json");

            await using var host = new EngineHost(new FakeTimeProvider(), root: root);

            Assert.Equal(LatencyEstimates.DefaultSeconds(Capability.Video),
                host.Services.GetRequiredService<LatencyEstimates>().SecondsFor(Capability.Video, "fake-video", "fake-video-1"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
