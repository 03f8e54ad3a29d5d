using System.Diagnostics;
using System.Text.Json;
using DramaGen.Bench;
using DramaGen.Configuration;
using DramaGen.Generation.Planning;
using DramaGen.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

// dotnet run -c Release --project bench/DramaGen.Bench [-- --scale 0.01 --nodes 10000 --quota 10 --only abcdeqp]
if (args.Contains("--help"))
{
    Console.WriteLine("""
        Usage: dotnet run -c Release --project bench/DramaGen.Bench [-- options]
          --scale X   latency scale (default 0.01); for (q) also the clock's: a scaled second takes X real seconds
          --nodes N   nodes of the (b) drama (default 10000, which gives 10,125)
          --quota N   image requests per minute of the (q) quota stub (default 10)
          --only S    the parts to run, any of a b c d e q p h s (default abcdeq; p, h and s only when asked); see bench/DramaGen.Bench/README.md
          --configs L (h) which measures, any of local,h1,h3 (default all three)
          --set N=V   (h) a setting of every engine, e.g. --set HANGFIRE_BATCH=1 (repeatable)
          --caps N    (h) IMAGE_MAX_CONCURRENCY and VIDEO_MAX_CONCURRENCY (default 16): nodes in flight at most, twice this
          --warmups N (h) untimed runs of each measure's engines before it is measured (default 3; 0 measures a first run)
          --repeats N (h) measured runs of each measure, then their median (default 1)
          --database URL  (h) the PostgreSQL server (else DATABASE_URL); each measure creates and drops a database of its own
          --allocations  (b) also prints what the run allocates, by type
        """);
    return;
}
// The service's native heap settings (src/DramaGen.Api/Program.cs), so (b) measures the engine as the service runs it.
NativeArenas.Cap();
var scale = ArgValue("--scale", 0.01);
var targetNodes = (int)ArgValue("--nodes", 10_000);
var quota = (int)ArgValue("--quota", 10);
var only = Array.IndexOf(args, "--only") is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : "abcdeq";

Console.WriteLine($"DramaGen engine benchmark ({Environment.ProcessorCount} cores, .NET {Environment.Version}, latency scale x{scale})");
Console.WriteLine();

// Warm-up: JIT and first-use costs belong to no measurement.
await using (var warm = new BenchEngine(GenerationOptions.Eager, 0, 4, 2))
{
    await warm.StartAsync();
    await warm.Dramas.CreateAsync(SyntheticDramas.Build("drama_warm", 6, 2, 6));
    await warm.RunAsync("drama_warm");
}

// (a) Makespan against the tighter lower bound (LowerBound: the chain, and per capability its earliest start plus
// its work over its cap), critical path first against first come (SCHEDULER_ORDER), and level by level, at the
// service defaults (video-bound) and wide caps (chain-bound). Each engine first runs a drama of the same shape, so it
// plans with latencies it has learned (LatencyEstimates), as a service that has been running does.
foreach (var (imageCap, videoCap) in only.Contains('a') ? new[] { (4, 2), (16, 16) } : [])
{
    var skewed = SyntheticDramas.Build("drama_skewed", characters: 12, episodes: 4, scenesPerEpisode: 8);
    var graph = DramaGraph.Build(skewed);
    var caps = new Dictionary<Capability, int> { [Capability.Image] = imageCap, [Capability.Video] = videoCap };
    var bound = LowerBound.Of(graph, node => BenchLatency.SecondsOf(node) * scale, caps);
    Console.WriteLine($"(a) makespan / lower bound: {graph.Nodes.Count} nodes, images 1-3 s, videos 5-20 s (x{scale}), caps image {imageCap} video {videoCap}");
    Console.WriteLine($"    lower bound {bound}");
    foreach (var criticalPathFirst in new[] { true, false })
    {
        var simulated = BenchSimulation.Makespan(graph, scale, caps, criticalPathFirst);
        Console.WriteLine($"    {(criticalPathFirst ? "critical path first" : "first come"),-19} without engine overhead (simulated): {simulated:F3} s, ratio {simulated / bound.Bound:F3}");
    }
    var oracle = BenchSimulation.Makespan(graph, scale, caps, criticalPathFirst: true, oracle: true);
    Console.WriteLine($"    critical path first knowing each node's own latency (simulated): {oracle:F3} s, ratio {oracle / bound.Bound:F3}");
    foreach (var (mode, order) in new[]
    {
        (GenerationOptions.Eager, GenerationOptions.CriticalPath), (GenerationOptions.Eager, GenerationOptions.FirstCome),
        (GenerationOptions.Level, GenerationOptions.CriticalPath),
    })
    {
        await using var engine = new BenchEngine(mode, scale, imageCap, videoCap, order);
        await engine.StartAsync();
        await engine.Dramas.CreateAsync(SyntheticDramas.Build("drama_learn", 12, 4, 8));
        await engine.RunAsync("drama_learn");
        await engine.Dramas.CreateAsync(SyntheticDramas.Build("drama_skewed", 12, 4, 8));
        var watch = Stopwatch.StartNew();
        var parent = await engine.RunAsync("drama_skewed");
        var makespan = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"    {mode} {order,-13}: makespan {makespan:F3} s, ratio {makespan / bound.Bound:F3} ({parent.Status})");
    }
    Console.WriteLine();
}

// (e) ETA error: how far eta_seconds is from the time the run really had left, at 25 %, 50 % and 75 % of the run,
// on the same drama of varied latencies (images 1-3 s, clips 5-20 s) at the default caps, after a learning run.
if (only.Contains('e'))
{
    await using var engine = new BenchEngine(GenerationOptions.Eager, scale, 4, 2);
    await engine.StartAsync();
    await engine.Dramas.CreateAsync(SyntheticDramas.Build("drama_learn", 12, 4, 8));
    await engine.RunAsync("drama_learn");
    await engine.Dramas.CreateAsync(SyntheticDramas.Build("drama_skewed", 12, 4, 8));
    var watch = Stopwatch.StartNew();
    var run = (await engine.Runs.StartAsync("drama_skewed", RunScope.WholeDrama)).Job!.JobId;
    var finished = engine.Runs.WhenFinishedAsync(run);
    var samples = new List<(double At, double? Eta)>();
    while (!finished.IsCompleted)
    {
        samples.Add((watch.Elapsed.TotalSeconds, engine.Etas.EtaSeconds(run)));
        await Task.WhenAny(finished, Task.Delay(10));
    }
    var makespan = watch.Elapsed.TotalSeconds;
    Console.WriteLine($"(e) ETA error: 92 nodes, images 1-3 s, videos 5-20 s (x{scale}), caps image 4 video 2, makespan {makespan:F3} s");
    foreach (var share in new[] { 0.25, 0.5, 0.75 })
    {
        var (sampledAt, eta) = samples.Last(sample => sample.At <= share * makespan && sample.Eta is not null);
        var left = makespan - sampledAt;
        Console.WriteLine($"    at {share:P0} ({sampledAt:F3} s): eta {eta:F3} s, really left {left:F3} s, error {(eta!.Value - left) / left:+0.0%;-0.0%}");
    }
    Console.WriteLine();
}

// (q) Against a provider's request quota: 429s and makespan with IMAGE_RPM known, and with the caps alone.
if (only.Contains('q'))
{
    await QuotaBench.RunAsync(scale, quota);
}

// (b) Engine overhead: zero-latency providers on a ~10,000-node drama with real JSON job files.
var episodes = Math.Max(1, targetNodes / 80);
var big = SyntheticDramas.Build("drama_big", characters: episodes * 2, episodes: episodes, scenesPerEpisode: 38);
var bigNodes = DramaGraph.Build(big).Nodes.Count;
Console.WriteLine($"(b) engine overhead: {bigNodes} nodes, zero-latency providers, caps image 8 video 8, JSON job files + local store in a temp dir");
if (only.Contains('b'))
{
    await using var engine = new BenchEngine(GenerationOptions.Eager, 0, 8, 8);
    await engine.StartAsync();
    await engine.Dramas.CreateAsync(big);
    using var allocations = args.Contains("--allocations") ? new AllocationTally() : null;
    // The warm-up's garbage is no part of the run: collected and its memory given back, as a service that just started has none.
    GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    var heapBefore = GC.GetTotalMemory(forceFullCollection: false);
    var before = PeakMemory.Now().Resident;
    var peakReset = PeakMemory.Reset();
    var polls = new List<double>();
    using var stopPolling = new CancellationTokenSource();
    var watch = Stopwatch.StartNew();
    var start = await engine.Runs.StartAsync("drama_big", RunScope.WholeDrama);
    var parentId = start.Job!.JobId;
    var poller = Task.Run(async () =>
    {
        while (!stopPolling.IsCancellationRequested)
        {
            polls.Add(await PollAsync(engine, parentId));
            await Task.Delay(100);
        }
    });
    await engine.Runs.WhenFinishedAsync(parentId);
    var elapsed = watch.Elapsed.TotalSeconds;
    var peakOfRun = PeakMemory.Now().Peak;
    await stopPolling.CancelAsync();
    await poller;
    var parent = engine.Jobs.Get(parentId)!;
    var counts = engine.Jobs.CountChildren(parentId);
    Console.WriteLine($"    run: {counts.Completed}/{counts.Total} completed ({parent.Status}) in {elapsed:F2} s = {counts.Total / elapsed:F0} nodes/s");
    var finalPolls = new List<double>();
    for (var i = 0; i < 20; i++)
    {
        finalPolls.Add(await PollAsync(engine, parentId));
    }
    Console.WriteLine($"    parent poll during the run: median {Median(polls):F1} ms, max {polls.DefaultIfEmpty(0).Max():F1} ms over {polls.Count} polls");
    Console.WriteLine($"    parent poll of the finished run ({counts.Total} children): median {Median(finalPolls):F1} ms, max {finalPolls.Max():F1} ms");

    var rerun = Stopwatch.StartNew();
    var second = await engine.RunAsync("drama_big");
    Console.WriteLine($"    second generate (nothing to do): {rerun.Elapsed.TotalMilliseconds:F0} ms, {engine.Jobs.CountChildren(second.JobId).Total} child jobs");
    Console.WriteLine($"    resident before the run {before:F0} MiB (GC heap {heapBefore / 1048576.0:F0} MiB live); " +
        $"live after the run (collected) {GC.GetTotalMemory(forceFullCollection: true) / 1048576.0:F0} MiB of GC heap");
    Console.WriteLine($"    peak working set of the run (VmHWM from its start to its end): {peakOfRun:F0} MiB; target <= {PeakMemory.TargetMiB:F0} MiB " +
        $"{(peakOfRun <= PeakMemory.TargetMiB ? "met" : "not met")}");
    Console.WriteLine($"    with the polls and the second generate after it: {PeakMemory.Describe(peakReset)}");
    allocations?.Report(25);
}
Console.WriteLine();

// (h) Work distribution through Hangfire on PostgreSQL, 1 and 3 instances (--only h, with --database or DATABASE_URL).
if (only.Contains('h'))
{
    var database = Array.IndexOf(args, "--database") is var named and >= 0 && named + 1 < args.Length ? args[named + 1]
        : Environment.GetEnvironmentVariable("DATABASE_URL") ?? throw new InvalidOperationException("(h) needs --database or DATABASE_URL");
    var configurations = Array.IndexOf(args, "--configs") is var listed and >= 0 && listed + 1 < args.Length
        ? args[listed + 1].Split(',').Select(name => name switch
        {
            "local" => DistributionBench.AllConfigurations[0],
            "h1" => DistributionBench.AllConfigurations[1],
            "h3" => DistributionBench.AllConfigurations[2],
            _ => throw new ArgumentException($"--configs takes local, h1, h3; not '{name}'"),
        }).ToList()
        : DistributionBench.AllConfigurations;
    var settings = args.Select((arg, i) => (arg, i)).Where(pair => pair.arg == "--set" && pair.i + 1 < args.Length)
        .Select(pair => args[pair.i + 1].Split('=', 2)).ToDictionary(pair => pair[0], pair => pair.Length > 1 ? pair[1] : "");
    await DistributionBench.RunAsync(database, id => SyntheticDramas.Build(id, characters: episodes * 2, episodes: episodes, scenesPerEpisode: 38),
        imageCap: (int)ArgValue("--caps", 16), videoCap: (int)ArgValue("--caps", 16), configurations, settings, warmups: (int)ArgValue("--warmups", 3), repeats: (int)ArgValue("--repeats", 1));
}

// (p) Parent poll: GET of a 10,000-node run's parent job (the default page of 1,000 children) while the run is in flight
// and once it is finished, on the JSON file store and, when DATABASE_URL names a PostgreSQL server, on PostgreSQL (a
// database of its own, dropped after); median and p95 (--only p, not part of the default set).
var databaseUrl = Environment.GetEnvironmentVariable("DATABASE_URL");
foreach (var onPostgres in only.Contains('p') ? new[] { false, true } : [])
{
    if (onPostgres && string.IsNullOrEmpty(databaseUrl))
    {
        Console.WriteLine("(p) on PostgreSQL: skipped, DATABASE_URL is not set (scripts/bench-postgres.sh sets it)");
        Console.WriteLine();
        continue;
    }
    if (onPostgres)
    {
        // The engine reads job state through IJobStore's synchronous calls, which on PostgreSQL block a pool thread
        // per query: at zero latency a 10,000-node run starts ~150 nodes at once, and with the runtime's default
        // minimum (one thread per core) the blocked threads starve the continuations that would free connections,
        // until Npgsql's pool (100) times out. Enough threads up front measure the poll, not that starvation.
        ThreadPool.GetMinThreads(out _, out var io);
        ThreadPool.SetMinThreads(256, io);
    }
    await using var database = onPostgres ? await BenchDatabase.CreateAsync(databaseUrl!) : null;
    await using var engine = new BenchEngine(GenerationOptions.Eager, 0, 8, 8, database: database);
    await engine.StartAsync();
    await engine.Dramas.CreateAsync(big);
    var running = new List<double>();
    var start = await engine.Runs.StartAsync("drama_big", RunScope.WholeDrama);
    var parentId = start.Job!.JobId;
    var finished = engine.Runs.WhenFinishedAsync(parentId);
    var watch = Stopwatch.StartNew();
    while (!finished.IsCompleted)
    {
        var took = await PollAsync(engine, parentId);
        // Only polls that saw the run in flight count as polls of a running run.
        if (engine.Jobs.Get(parentId) is { IsFinished: false } && engine.Jobs.CountChildren(parentId).Completed > 0)
        {
            running.Add(took);
        }
        await Task.WhenAny(finished, Task.Delay(20));
    }
    var elapsed = watch.Elapsed.TotalSeconds;
    var done = new List<double>();
    for (var i = 0; i < 200; i++)
    {
        done.Add(await PollAsync(engine, parentId));
    }
    var total = engine.Jobs.CountChildren(parentId).Total;
    Console.WriteLine($"(p) parent poll (JobEndpoints.Get + JSON, 1,000 of {total} children), {(onPostgres ? "PostgreSQL" : "JSON file store")}, run of {elapsed:F1} s:");
    Console.WriteLine($"    running run:  median {Median(running):F1} ms, p95 {Percentile(running, 0.95):F1} ms over {running.Count} polls");
    Console.WriteLine($"    finished run: median {Median(done):F1} ms, p95 {Percentile(done, 0.95):F1} ms over {done.Count} polls");
    Console.WriteLine();
}

// (s) The real service process (its own runtimeconfig and GC settings) generating the (b) drama's shape as images on its
// local providers; its peak resident set (--only s, not part of the default set).
if (only.Contains('s'))
{
    await ServiceMemory.RunAsync(episodes);
    Console.WriteLine();
}

// (d) Cutting an episode into a film with ffmpeg, on real local media (--only d for this alone).
if (only.Contains('d'))
{
    await CutBench.RunAsync(scenes: 10, secondsPerScene: 8, repeats: 4);
    Console.WriteLine();
}

// (c) Peak memory of this process over the whole benchmark.
using var process = Process.GetCurrentProcess();
process.Refresh();
var gc = GC.GetGCMemoryInfo();
Console.WriteLine($"(c) peak working set {process.PeakWorkingSet64 / 1048576.0:F0} MiB; GC heap now {GC.GetTotalMemory(false) / 1048576.0:F0} MiB, " +
    $"peak committed {gc.TotalCommittedBytes / 1048576.0:F0} MiB; collections gen0 {GC.CollectionCount(0)} gen1 {GC.CollectionCount(1)} gen2 {GC.CollectionCount(2)}");

// The GET route's code path: the handler (with the engine's live ETA and cost), then the same JSON serialization ASP.NET Core applies.
static async Task<double> PollAsync(BenchEngine engine, string parentId)
{
    var jobs = engine.Jobs;
    using var pools = new DramaGen.Pacing.CapacityPools(Microsoft.Extensions.Options.Options.Create(new DramaGen.Configuration.ProvidersOptions()),
        Microsoft.Extensions.Options.Options.Create(new DramaGen.Configuration.CutOptions()), TimeProvider.System);
    var watch = Stopwatch.StartNew();
    var result = JobEndpoints.Get("drama_big", parentId, engine.Polls, jobs, pools, engine.Progress);
    object value = result.Result switch
    {
        Ok<ParentJobView> parent => parent.Value!,
        Ok<JobRecord> job => job.Value!,
        _ => throw new InvalidOperationException("poll failed"),
    };
    await JsonSerializer.SerializeAsync(Stream.Null, value, value.GetType(), WebJson);
    return watch.Elapsed.TotalMilliseconds;
}

static double Median(List<double> values) => Percentile(values, 0.5);

static double Percentile(List<double> values, double share) =>
    values.Count == 0 ? 0 : values.Order().ElementAt(Math.Min(values.Count - 1, (int)(share * values.Count)));

double ArgValue(string name, double fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? double.Parse(args[index + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
}

public partial class Program
{
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);
}
