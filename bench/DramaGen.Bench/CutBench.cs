using System.Diagnostics;
using DramaGen.Configuration;
using DramaGen.Dramas;
using DramaGen.Generation;
using DramaGen.Generation.Planning;
using DramaGen.Generation.Runs;
using DramaGen.Jobs;
using DramaGen.Providers;
using DramaGen.Providers.Local;
using DramaGen.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

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
        var root = Directory.CreateTempSubdirectory("dramagen-cutbench-").FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["STORAGE_DIR"] = Path.Combine(root, "storage"),
            ["JOBS_DIR"] = Path.Combine(root, "jobs"),
            ["EPISODE_CUTS"] = "true",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
        services.AddValidatedOptions<ServiceOptions>(configuration);
        services.AddValidatedOptions<StorageOptions>(configuration);
        services.AddValidatedOptions<ProvidersOptions>(configuration);
        services.AddValidatedOptions<JobsOptions>(configuration);
        services.AddValidatedOptions<LocalProviderOptions>(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddStorage();
        services.AddJobs();
        services.AddSingleton<DramaIndex>();
        services.AddSingleton<DramaRepository>();
        services.AddSingleton<IImageProvider, LocalImageProvider>();
        services.AddSingleton<IVideoProvider, LocalVideoProvider>();
        services.AddGeneration();
        await using var provider = services.BuildServiceProvider();
        var worker = provider.GetServices<IHostedService>().OfType<GenerationWorker>().Single();
        await worker.StartAsync(CancellationToken.None);
        try
        {
            var dramas = provider.GetRequiredService<DramaRepository>();
            var runs = provider.GetRequiredService<GenerationRuns>();
            var jobs = provider.GetRequiredService<FileJobStore>();
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
        finally
        {
            await worker.StopAsync(CancellationToken.None);
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<(JobRecord Run, double Cut)> RunAsync(GenerationRuns runs, FileJobStore jobs)
    {
        var start = await runs.StartAsync("drama_cutbench", RunScope.WholeDrama);
        await runs.WhenFinishedAsync(start.Job!.JobId);
        var cut = jobs.ListChildren(start.Job.JobId).Single(job => job.AssetId == NodeIds.Cut("e1"));
        if (cut.Status != JobStatuses.Completed) throw new InvalidOperationException($"the cut failed: {cut.Error}");
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
