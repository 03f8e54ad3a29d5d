using DramaGen.Configuration;
using DramaGen.Dramas;
using DramaGen.Generation.Events;
using DramaGen.Generation.Planning;
using DramaGen.Generation.Runs;
using DramaGen.Jobs;
using DramaGen.Pacing;
using DramaGen.Tests.VirtualTime;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DramaGen.Tests.Generation.Runs;

public sealed class RunEtaTests
{
    /// <summary>
    /// Six characters, each a 2 s portrait and a 10 s audition, 2 image slots and 1 video slot: portraits in pairs at 0, 2
    /// and 4 s, auditions one after another from 2 s, the last ending at 62 s.
    /// </summary>
    private static readonly TimeSpan Makespan = TimeSpan.FromSeconds(62);

    [Fact]
    public async Task The_eta_of_a_fixed_virtual_time_drama_is_its_simulated_remaining_time_within_one_tick_all_along()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
        var events = new CapturedEvents(time);
        await using var host = await EngineHost.StartAsync(time,
            new Dictionary<string, string?> { ["IMAGE_MAX_CONCURRENCY"] = "2", ["VIDEO_MAX_CONCURRENCY"] = "1" },
            configure: services => services.AddSingleton<IRunEventPublisher>(events));
        host.Image.Instrument.Latency = _ => TimeSpan.FromSeconds(2);
        host.Video.Instrument.Latency = _ => TimeSpan.FromSeconds(10);
        // A first drama teaches the engine these latencies (until then it plans with the defaults).
        await host.CreateAsync(TestDramas.Generated("drama_learn", characters: 2, episodes: 0, scenesPerEpisode: 0));
        await host.GenerateAsync("drama_learn");
        await host.CreateAsync(TestDramas.Generated("drama_eta", characters: 6, episodes: 0, scenesPerEpisode: 0));

        var start = time.GetUtcNow();
        var run = await host.Runs.StartAsync("drama_eta", RunScope.WholeDrama);
        var parentId = run.Job!.JobId;
        events.Only(parentId);
        var seen = new List<(TimeSpan At, double? Eta, double? Polled)>();
        var finished = host.Runs.WhenFinishedAsync(parentId);
        await new VirtualTimeDriver(time, new EngineClockWaits(host.Activity, host.Image.Instrument, host.Video.Instrument, host.Speech.Instrument))
            .RunUntilAsync(finished, () =>
            {
                seen.Add((time.GetUtcNow() - start, host.Services.GetRequiredService<RunEtas>().EtaSeconds(parentId), PolledEta(host, parentId)));
                return false;
            });
        await finished;

        Assert.Equal(JobStatus.Completed, host.Jobs.Get(parentId)!.Status);
        Assert.Equal(Makespan, host.Calls.Where(call => call.Start >= start).Max(call => call.End) - start);
        // Every idle point of the run: its start, then portraits and auditions ending at 2, 4, 6, 12, 22, ... 52 s.
        Assert.Equal([0, 2, 4, 6, 12, 22, 32, 42, 52], seen.Select(point => point.At.TotalSeconds).Distinct());
        foreach (var (at, eta, polled) in seen)
        {
            var expected = (Makespan - at).TotalSeconds;
            Assert.InRange(eta!.Value, expected - TimeSpan.FromTicks(1).TotalSeconds, expected + TimeSpan.FromTicks(1).TotalSeconds);
            Assert.Equal(eta, polled);
        }
        // The SSE progress events carry it too, each true at the moment it was published.
        var progress = events.Progress.Where(item => item.Eta is not null).ToList();
        Assert.NotEmpty(progress);
        Assert.All(progress, item => Assert.Equal((Makespan - (item.At - start)).TotalSeconds, item.Eta!.Value, 6));
        // A finished run has no ETA.
        Assert.Null(PolledEta(host, parentId));
    }

    /// <summary>What GET /dramas/{id}/jobs/{jobId} answers as eta_seconds.</summary>
    private static double? PolledEta(EngineHost host, string parentId) =>
        JobEndpoints.Get("drama_eta", parentId, host.Services.GetRequiredService<IJobPolls>(), host.Jobs, host.Services.GetRequiredService<CapacityPools>(),
            host.Services.GetRequiredService<IRunProgress>(), children: false).Result switch
        {
            Ok<ParentJobView> view => view.Value!.EtaSeconds,
            _ => null,
        };

    private sealed class CapturedEvents(TimeProvider time) : IRunEventPublisher
    {
        private readonly List<(DateTimeOffset At, double? Eta)> _progress = [];
        private string? _parentId;

        public void Only(string parentId) => _parentId = parentId;

        public IReadOnlyList<(DateTimeOffset At, double? Eta)> Progress
        {
            get { lock (_progress) { return [.. _progress]; } }
        }

        public void Publish(RunEvent runEvent)
        {
            if (runEvent.Kind == RunEvents.ProgressKind && runEvent.ParentJobId == _parentId)
            {
                lock (_progress)
                {
                    _progress.Add((time.GetUtcNow(), runEvent.Data["eta_seconds"]?.GetValue<double>()));
                }
            }
        }
    }
}
