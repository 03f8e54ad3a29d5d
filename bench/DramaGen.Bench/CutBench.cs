using System.Diagnostics;
using DramaGen.Dramas;
using DramaGen.Generation;
using DramaGen.Generation.Planning;
using DramaGen.Generation.Runs;
using DramaGen.Jobs;
using DramaGen.Providers;
using DramaGen.Providers.Local;
using Microsoft.Extensions.DependencyInjection;

namespace DramaGen.Bench;

/// <summary>
/// (d) The time to cut one episode of 10 scenes x 8 s from local media (the local providers' real PNG
/// storyboards and H.264 clips, in the local store), as a multiple of the episode's length. The media are
/// made first; then the episode is re-cut several times (a transition edit dirties the cut alone) and the
/// cut node's own time, from its child job, is reported.
/// </summary>
public static class CutBench
{
    public static async Task RunAsync(int scenes, int secondsPerScene, int repeats)
    {
        await using var engine = new BenchEngine(new Dictionary<string, string?> { ["EPISODE_CUTS"] = "true" }, services =>
        {
            services.AddSingleton<IImageProvider, LocalImageProvider>();
            services.AddSingleton<IVideoProvider, LocalVideoProvider>();
        });
        await engine.StartAsync();
        var (dramas, runs, jobs) = (engine.Dramas, engine.Runs, engine.Jobs);
        await dramas.CreateAsync(Episode(scenes, secondsPerScene));
        var media = Stopwatch.StartNew();
        var first = await RunAsync(runs, jobs);
        Console.WriteLine($"(d) cut of 1 episode, {scenes} scenes x {secondsPerScene} s of local media, dissolves, 9:16 at CUT_SIZE 720, 24 fps, {Environment.ProcessorCount} cores");
        Console.WriteLine($"    media and first cut: {media.Elapsed.TotalSeconds:F1} s ({first.Run.Status}); cut {first.Cut:F2} s");
        var times = new List<double> { first.Cut };
        for (var i = 0; i < repeats; i++)
        {
            await dramas.UpdateAsync("drama_cutbench", drama => drama.Transition = i % 2 == 0 ? Transitions.Fade : Transitions.Dissolve);
            times.Add((await RunAsync(runs, jobs)).Cut);
        }
        var length = (await dramas.GetAsync("drama_cutbench"))!.Drama.Episodes[0].DurationSeconds ?? double.NaN;
        var median = times.Order().ElementAt(times.Count / 2);
        Console.WriteLine($"    episode {length:F1} s; cut times {string.Join(", ", times.Select(t => t.ToString("F2")))} s");
        Console.WriteLine($"    median cut {median:F2} s = {median / length:F3} x real time (target < 0.5)");
    }

    private static async Task<(JobRecord Run, double Cut)> RunAsync(GenerationRuns runs, IJobStore jobs)
    {
        var start = await runs.StartAsync("drama_cutbench", RunScope.WholeDrama);
        await runs.WhenFinishedAsync(start.Job!.JobId);
        var cut = jobs.ListChildren(start.Job.JobId).Single(job => job.AssetId == NodeIds.Cut("e1"));
        if (cut.Status != JobStatus.Completed) throw new InvalidOperationException($"the cut failed: {cut.Error}");
        return (jobs.Get(start.Job.JobId)!, (cut.CompletedAt!.Value - cut.StartedAt!.Value).TotalSeconds);
    }

    private static Drama Episode(int scenes, int secondsPerScene) => new()
    {
        Id = "drama_cutbench",
        Title = "Cut bench",
        Transition = Transitions.Dissolve,
        Episodes =
        [
            new Episode
            {
                Id = "e1", Title = "One",
                Scenes = [.. Enumerable.Range(1, scenes).Select(s => new Scene
                {
                    Id = $"s{s}", Title = $"Scene {s}", Description = $"Scene {s} of the cut bench.",
                    Assets = [new DramaAsset { Id = "a1", Type = AssetTypes.Video, Tag = "clip", Prompt = $"clip {s}", DurationSeconds = secondsPerScene }],
                })],
            },
        ],
    };
}
