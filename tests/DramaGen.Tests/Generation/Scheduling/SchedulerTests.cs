using DramaGen.Configuration;
using DramaGen.Dramas;
using DramaGen.Generation.Planning;
using DramaGen.Jobs;
using Microsoft.Extensions.Time.Testing;

namespace DramaGen.Tests.Generation.Scheduling;

public sealed class SchedulerTests
{
    private static Dictionary<string, string?> Mode(string mode, int images = 4, int videos = 2) => new()
    {
        ["SCHEDULER_MODE"] = mode,
        ["IMAGE_MAX_CONCURRENCY"] = images.ToString(),
        ["VIDEO_MAX_CONCURRENCY"] = videos.ToString(),
    };

    [Theory]
    [InlineData(GenerationOptions.Eager)]
    [InlineData(GenerationOptions.Level)]
    public async Task A_node_never_starts_before_its_dependencies_are_done(string mode)
    {
        await using var host = await EngineHost.StartAsync(new FakeTimeProvider(), Mode(mode));
        host.Image.Instrument.Latency = node => TimeSpan.FromSeconds(1 + node.Length % 3);
        host.Video.Instrument.Latency = node => TimeSpan.FromSeconds(5 + node.Length % 7);
        var drama = await host.CreateAsync(TestDramas.Generated("drama_order", characters: 5, episodes: 3, scenesPerEpisode: 4, clipsPerScene: 2));

        var parent = await host.GenerateAsync(drama.Id!);

        Assert.Equal(JobStatus.Completed, parent.Status);
        var graph = DramaGraph.Build(drama);
        var calls = host.Calls.ToDictionary(call => call.Node);
        Assert.Equal(graph.Nodes.Count(node => node.Capability != Capability.None), calls.Count);
        foreach (var node in graph.Nodes.Where(node => calls.ContainsKey(node.Id)))
        {
            foreach (var dependency in Providers(graph, node))
            {
                Assert.True(calls[dependency].EndSequence < calls[node.Id].StartSequence,
                    $"{node.Id} started before its dependency {dependency} ended");
            }
        }
    }

    [Theory]
    [InlineData(GenerationOptions.Eager)]
    [InlineData(GenerationOptions.Level)]
    public async Task Caps_are_never_exceeded_and_are_used_in_full(string mode)
    {
        await using var host = await EngineHost.StartAsync(new FakeTimeProvider(), Mode(mode, images: 3, videos: 2));
        host.Image.Instrument.Latency = _ => TimeSpan.FromSeconds(2);
        host.Video.Instrument.Latency = _ => TimeSpan.FromSeconds(10);
        var drama = await host.CreateAsync(TestDramas.Generated("drama_caps", characters: 9, episodes: 2, scenesPerEpisode: 5));

        await host.GenerateAsync(drama.Id!);

        Assert.Equal(3, host.Image.Instrument.MaxInFlight);
        Assert.Equal(2, host.Video.Instrument.MaxInFlight);
    }

    [Fact]
    public async Task Caps_are_shared_by_concurrent_runs_of_different_dramas()
    {
        await using var host = await EngineHost.StartAsync(new FakeTimeProvider(), Mode(GenerationOptions.Eager, images: 2, videos: 1));
        host.Image.Instrument.Latency = _ => TimeSpan.FromSeconds(1);
        host.Video.Instrument.Latency = _ => TimeSpan.FromSeconds(3);
        var first = await host.CreateAsync(TestDramas.Generated("drama_one", characters: 4, episodes: 1, scenesPerEpisode: 3));
        var second = await host.CreateAsync(TestDramas.Generated("drama_two", characters: 4, episodes: 1, scenesPerEpisode: 3));

        var runs = await Task.WhenAll(host.Runs.StartAsync(first.Id!, RunScope.WholeDrama), host.Runs.StartAsync(second.Id!, RunScope.WholeDrama));
        await host.FinishAsync(runs[0].Job!.JobId);
        await host.FinishAsync(runs[1].Job!.JobId);

        Assert.All(runs, run => Assert.Equal(JobStatus.Completed, host.Jobs.Get(run.Job!.JobId)!.Status));
        Assert.Equal(2, host.Image.Instrument.MaxInFlight);
        Assert.Equal(1, host.Video.Instrument.MaxInFlight);
    }

    [Theory]
    [InlineData(GenerationOptions.Eager)]
    [InlineData(GenerationOptions.Level)]
    public async Task A_failure_skips_exactly_its_descendants_and_everything_else_completes(string mode)
    {
        await using var host = await EngineHost.StartAsync(new FakeTimeProvider(), Mode(mode));
        host.Image.Instrument.Latency = _ => TimeSpan.FromSeconds(1);
        host.Video.Instrument.Latency = _ => TimeSpan.FromSeconds(4);
        host.Image.Instrument.Failures["char_c001"] = "safety system refused the prompt";
        var drama = await host.CreateAsync(TestDramas.SeedExample());
        drama = (await host.Dramas.UpdateAsync(drama.Id!, d => d.Episodes[1].Scenes[0].Characters = ["c001"])).Drama;

        var parent = await host.GenerateAsync(drama.Id!);

        var statuses = host.ChildStatuses(parent.JobId);
        var graph = DramaGraph.Build(drama);
        var descendants = Descendants(graph, "char_c001");
        Assert.Equal(["char_asset_c001_a001", "char_asset_c001_a002", "scene_asset_e001_s001_a002", "scene_asset_e002_s001_a001", "scene_e002_s001"],
            descendants.Order());
        Assert.Equal(JobStatus.Failed, statuses["char_c001"]);
        Assert.All(descendants, id => Assert.Equal(JobStatus.Skipped, statuses[id]));
        Assert.All(statuses.Where(pair => pair.Key != "char_c001" && !descendants.Contains(pair.Key)),
            pair => Assert.Equal(JobStatus.Completed, pair.Value));
        Assert.DoesNotContain(host.Calls, call => descendants.Contains(call.Node));

        var failed = host.Children(parent.JobId).Single(child => child.AssetId == "char_c001");
        Assert.Equal("fake-image: safety system refused the prompt", failed.Error);
        Assert.Contains("char_c001", host.Children(parent.JobId).Single(child => child.AssetId == "scene_e002_s001").Error);
        Assert.Equal(JobStatus.Failed, parent.Status);
        Assert.Equal((1, 5), (host.Jobs.CountChildren(parent.JobId).Failed, host.Jobs.CountChildren(parent.JobId).Skipped));
        Assert.Contains("char_c001", parent.Error);

        var stored = (await host.Dramas.GetAsync(drama.Id!))!.Drama;
        Assert.Equal(AssetStatuses.Skipped, stored.Characters[0].Assets[0].Status);
        Assert.Equal(AssetStatuses.Completed, stored.Characters[1].Assets[0].Status);
    }

    [Fact]
    public async Task Eager_beats_level_by_level_on_a_skewed_drama()
    {
        var eager = await MakespanAsync(GenerationOptions.Eager);
        var level = await MakespanAsync(GenerationOptions.Level);

        // Level 0 waits for the slow portrait (10 s) before the fast character's audition (10 s) may start;
        // eager starts the audition after the fast portrait (1 s). Virtual time makes both exact.
        Assert.Equal(TimeSpan.FromSeconds(11), eager);
        Assert.Equal(TimeSpan.FromSeconds(20), level);
    }

    [Fact]
    public async Task Critical_path_first_beats_first_come_order_on_a_drama_built_to_show_it()
    {
        // One image slot and one video slot. c001's portrait leads nowhere, c002's to a 10 s audition. First come
        // (document order) paints c001 first, so the audition runs 2-12 s; critical path first paints c002 first and
        // the audition runs 1-11 s while c001 is painted beside it. Virtual time makes both exact.
        Assert.Equal(TimeSpan.FromSeconds(12), await OrderMakespanAsync(GenerationOptions.FirstCome));
        Assert.Equal(TimeSpan.FromSeconds(11), await OrderMakespanAsync(GenerationOptions.CriticalPath));
    }

    private static async Task<TimeSpan> OrderMakespanAsync(string order)
    {
        var time = new FakeTimeProvider();
        var settings = Mode(GenerationOptions.Eager, images: 1, videos: 1);
        settings["SCHEDULER_ORDER"] = order;
        await using var host = await EngineHost.StartAsync(time, settings);
        host.Image.Instrument.Latency = _ => TimeSpan.FromSeconds(1);
        host.Video.Instrument.Latency = _ => TimeSpan.FromSeconds(10);
        await host.CreateAsync(TestDramas.Marked(new Drama
        {
            Id = "drama_order",
            Characters = [TestDramas.Character("c001"), TestDramas.Character("c002", TestDramas.Asset("a001", "video", "audition"))],
        }));
        var start = time.GetUtcNow();

        var parent = await host.GenerateAsync("drama_order");

        Assert.Equal(JobStatus.Completed, parent.Status);
        return host.Calls.Max(call => call.End) - start;
    }

    [Fact]
    public async Task Eager_stays_within_ten_percent_of_the_critical_path_bound_on_a_larger_skewed_drama()
    {
        // Nodes that finish at the same virtual instant may queue in either order, so the makespan may vary
        // by a few seconds from run to run; the bound holds for every order.
        var eager = await MakespanAsync(GenerationOptions.Eager, larger: true);
        var drama = TestDramas.Generated("drama_skew", characters: 6, episodes: 3, scenesPerEpisode: 4);
        var bound = LowerBound(DramaGraph.Build(drama), images: 4, videos: 2);

        Assert.True(eager <= bound * 1.10, $"eager {eager} should be within 1.10 of the lower bound {bound}");
        Assert.True(eager >= bound, $"eager {eager} cannot beat the lower bound {bound}");
    }

    private static async Task<TimeSpan> MakespanAsync(string mode, bool larger = false)
    {
        var time = new FakeTimeProvider();
        await using var host = await EngineHost.StartAsync(time, Mode(mode, images: 4, videos: 2));
        Drama drama;
        if (larger)
        {
            host.Image.Instrument.Latency = SkewedLatency;
            host.Video.Instrument.Latency = SkewedLatency;
            drama = TestDramas.Generated("drama_skew", characters: 6, episodes: 3, scenesPerEpisode: 4);
        }
        else
        {
            host.Image.Instrument.Latency = node => node == "char_c002" ? TimeSpan.FromSeconds(10) : TimeSpan.FromSeconds(1);
            host.Video.Instrument.Latency = _ => TimeSpan.FromSeconds(10);
            drama = TestDramas.Marked(new Drama
            {
                Id = "drama_skew",
                Characters = [TestDramas.Character("c001", TestDramas.Asset("a001", "video", "audition")), TestDramas.Character("c002")],
            });
        }
        await host.CreateAsync(drama);
        var start = time.GetUtcNow();
        var parent = await host.GenerateAsync("drama_skew");
        Assert.Equal(JobStatus.Completed, parent.Status);
        return host.Calls.Max(call => call.End) - start;
    }

    /// <summary>Images 1-3 s, videos 5-20 s, fixed per node.</summary>
    private static TimeSpan SkewedLatency(string node)
    {
        var spread = node.Sum(c => c * 31) % 16;
        return TimeSpan.FromSeconds(node.Contains("asset") ? 5 + spread : 1 + spread % 3);
    }

    /// <summary>Max of the longest latency chain and each capability's total work divided by its cap.</summary>
    private static TimeSpan LowerBound(DramaGraph graph, int images, int videos)
    {
        var finish = new double[graph.Nodes.Count];
        double imageWork = 0, videoWork = 0;
        foreach (var index in graph.TopologicalOrder)
        {
            var node = graph[index];
            var own = node.Capability == Capability.None ? 0 : SkewedLatency(node.Id).TotalSeconds;
            finish[index] = own + node.DependencyIndexes.Select(dependency => finish[dependency]).DefaultIfEmpty(0).Max();
            if (node.Capability == Capability.Image) imageWork += own;
            if (node.Capability == Capability.Video) videoWork += own;
        }
        return TimeSpan.FromSeconds(new[] { finish.Max(), imageWork / images, videoWork / videos }.Max());
    }

    /// <summary>The dependencies of a node that call a provider, through structural nodes.</summary>
    private static IEnumerable<string> Providers(DramaGraph graph, PlanNode node) =>
        node.DependencyIndexes.Select(index => graph[index])
            .SelectMany(dependency => dependency.Capability == Capability.None ? Providers(graph, dependency) : [dependency.Id]);

    private static HashSet<string> Descendants(DramaGraph graph, string id)
    {
        var found = new HashSet<string>();
        var stack = new Stack<int>(graph.Find(id)!.DependentIndexes);
        while (stack.Count > 0)
        {
            var node = graph[stack.Pop()];
            if (found.Add(node.Id))
            {
                foreach (var dependent in node.DependentIndexes)
                {
                    stack.Push(dependent);
                }
            }
        }
        return found;
    }
}
