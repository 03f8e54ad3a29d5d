using DramaGen.Configuration;
using DramaGen.Dramas;
using DramaGen.Generation;
using DramaGen.Generation.Planning;
using DramaGen.Generation.Runs;
using DramaGen.Generation.Scheduling;
using DramaGen.Generation.State;
using DramaGen.Jobs;
using DramaGen.Providers;
using DramaGen.Storage;
using DramaGen.Tests.Generation.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using DramaGen.Tests.VirtualTime;
using Microsoft.Extensions.Time.Testing;

namespace DramaGen.Tests.Generation;

/// <summary>
/// The engine with its real stores (local object store and JSON job files in a temporary directory) and
/// instrumented fake providers. With a <see cref="FakeTimeProvider"/> runs are driven in virtual time.
/// Two hosts over the same <see cref="Root"/> behave like a service restarted on the same disk.
/// </summary>
public sealed class EngineHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly GenerationWorker _worker;
    private readonly bool _ownsRoot;

    public EngineHost(TimeProvider? time = null, IDictionary<string, string?>? settings = null, string? root = null,
        Action<IServiceCollection>? configure = null)
    {
        _ownsRoot = root is null;
        Root = root ?? Directory.CreateTempSubdirectory("dramagen-engine-").FullName;
        Time = time ?? TimeProvider.System;
        var values = new Dictionary<string, string?>
        {
            ["STORAGE_DIR"] = Path.Combine(Root, "storage"),
            ["JOBS_DIR"] = Path.Combine(Root, "jobs"),
            ["IMAGE_MAX_CONCURRENCY"] = "4",
            ["VIDEO_MAX_CONCURRENCY"] = "2",
            // The suite's dramas pin portrait-only DAGs; the character sheet tests ask for their views.
            ["CHARACTER_VIEWS"] = "",
            // The fake providers' bytes are no media ffmpeg could cut.
            ["EPISODE_CUTS"] = "false",
            // A stop cancels at once unless a test sets a grace: the suite's hosts stop many times.
            ["SHUTDOWN_GRACE_SECONDS"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var sequence = new CallSequence();
        Image = new FakeImageProvider(Time, sequence);
        Video = new FakeVideoProvider(Time, sequence);
        Speech = new FakeSpeechProvider(Time, sequence);

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddValidatedOptions<ServiceOptions>(configuration);
        services.AddValidatedOptions<StorageOptions>(configuration);
        services.AddValidatedOptions<ProvidersOptions>(configuration);
        services.AddValidatedOptions<JobsOptions>(configuration);
        services.AddValidatedOptions<LimitsOptions>(configuration);
        services.AddSingleton(Time);
        services.AddStorage();
        services.AddJobs(configuration);
        services.AddSingleton<DramaIndex>();
        services.AddSingleton<DramaRepository>();
        services.AddSingleton<IImageProvider>(Image);
        services.AddSingleton<IVideoProvider>(Video);
        services.AddSingleton<ISpeechProvider>(Speech);
        configure?.Invoke(services);
        services.AddGeneration();
        _services = services.BuildServiceProvider();
        _worker = _services.GetServices<IHostedService>().OfType<GenerationWorker>().Single();
    }

    public string Root { get; }
    public TimeProvider Time { get; }
    public FakeImageProvider Image { get; }
    public FakeVideoProvider Video { get; }
    public FakeSpeechProvider Speech { get; }
    public IServiceProvider Services => _services;
    public GenerationRuns Runs => _services.GetRequiredService<GenerationRuns>();
    public DramaRepository Dramas => _services.GetRequiredService<DramaRepository>();
    public IJobStore Jobs => _services.GetRequiredService<IJobStore>();
    public IObjectStore Store => _services.GetRequiredService<IObjectStore>();
    public DramaStateStore States => _services.GetRequiredService<DramaStateStore>();
    public SchedulerActivity Activity => _services.GetRequiredService<SchedulerActivity>();
    public PlanReader Plans => _services.GetRequiredService<PlanReader>();

    /// <summary>Every provider call of the fakes, in start order.</summary>
    public IReadOnlyList<ProviderCall> Calls => [.. Image.Instrument.Calls.Concat(Video.Instrument.Calls).Concat(Speech.Instrument.Calls).OrderBy(call => call.StartSequence)];

    public Task StartAsync() => _worker.StartAsync(CancellationToken.None);

    public static async Task<EngineHost> StartAsync(TimeProvider? time = null, IDictionary<string, string?>? settings = null, string? root = null,
        Action<IServiceCollection>? configure = null)
    {
        var host = new EngineHost(time, settings, root, configure);
        await host.StartAsync();
        return host;
    }

    public async Task<Drama> CreateAsync(Drama drama) => (await Dramas.CreateAsync(drama)).Drama;

    /// <summary>Starts a run and waits for it to finish (in virtual time when the clock is fake).</summary>
    public async Task<JobRecord> GenerateAsync(string dramaId, RunScope? scope = null, GenerateRequest? request = null)
    {
        var start = await Runs.StartAsync(dramaId, scope ?? RunScope.WholeDrama, request);
        Assert.True(start.Status == RunStartStatus.Accepted, start.Detail);
        return await FinishAsync(start.Job!.JobId);
    }

    public async Task<JobRecord> FinishAsync(string parentJobId)
    {
        var finished = Runs.WhenFinishedAsync(parentJobId);
        if (Time is FakeTimeProvider fake)
        {
            await new VirtualTimeDriver(fake, new EngineClockWaits(Activity, Image.Instrument, Video.Instrument, Speech.Instrument)).RunUntilAsync(finished);
        }
        await finished.WithinPatience();
        return Jobs.Get(parentJobId)!;
    }

    public IReadOnlyList<JobRecord> Children(string parentJobId) => Jobs.ListChildren(parentJobId);

    public Dictionary<string, JobStatus> ChildStatuses(string parentJobId) =>
        Children(parentJobId).ToDictionary(child => child.AssetId!, child => child.Status);

    public void ResetCalls()
    {
        Image.Instrument.Reset();
        Video.Instrument.Reset();
        Speech.Instrument.Reset();
    }

    /// <summary>Stops the worker as a shutdown would (runs stop, jobs stay resumable).</summary>
    public Task StopAsync() => _worker.StopAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await _worker.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
        if (_ownsRoot)
        {
            try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
