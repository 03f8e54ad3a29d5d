using DramaGen.Configuration;
using DramaGen.Dramas;
using DramaGen.Generation;
using DramaGen.Generation.Distribution;
using DramaGen.Generation.Planning;
using DramaGen.Generation.Runs;
using DramaGen.Jobs;
using DramaGen.Providers;
using DramaGen.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DramaGen.Bench;

/// <summary>The engine as the service composes it (real local store, real JSON job files in a temp dir), on bench providers.</summary>
public sealed class BenchEngine : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly IHostedService _worker;

    /// <summary>The scheduler bench: providers that only wait (scaled latencies), no cuts.</summary>
    /// <param name="database">Job records in this PostgreSQL database (JOB_STORE=postgres); JSON files in a temp JOBS_DIR when null.</param>
    public BenchEngine(string mode, double scale, int imageCap, int videoCap, string order = GenerationOptions.CriticalPath,
        BenchDatabase? database = null)
        : this(new Dictionary<string, string?>
        {
            ["JOB_STORE"] = database is null ? JobStoreOptions.Files : JobStoreOptions.Postgres,
            ["DATABASE_URL"] = database?.ConnectionString,
            ["SCHEDULER_MODE"] = mode,
            ["SCHEDULER_ORDER"] = order,
            ["IMAGE_MAX_CONCURRENCY"] = imageCap.ToString(),
            ["VIDEO_MAX_CONCURRENCY"] = videoCap.ToString(),
            // The bench providers' bytes are no media; cuts are measured on real ones in (d).
            ["EPISODE_CUTS"] = "false",
            // The bounds and node counts are of the portrait-only DAG (DramaGraph.Build without settings).
            ["CHARACTER_VIEWS"] = "",
        }, services =>
        {
            var latency = new BenchLatency(scale);
            services.AddSingleton<IImageProvider>(new BenchImageProvider(latency));
            services.AddSingleton<IVideoProvider>(new BenchVideoProvider(latency));
        })
    {
    }

    /// <param name="settings">Settings beyond the temp STORAGE_DIR and JOBS_DIR.</param>
    /// <param name="providers">Registers the image and video providers.</param>
    /// <param name="clock">The engine's clock (quota windows, pauses, retries); the system clock when null.</param>
    public BenchEngine(IDictionary<string, string?> settings, Action<IServiceCollection> providers, TimeProvider? clock = null)
    {
        Root = Directory.CreateTempSubdirectory("dramagen-bench-").FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(settings)
        {
            // Engines of one cluster share theirs.
            ["STORAGE_DIR"] = settings.TryGetValue("STORAGE_DIR", out var storage) ? storage : Path.Combine(Root, "storage"),
            ["JOBS_DIR"] = Path.Combine(Root, "jobs"),
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        // Polly logs every 429 and retry at Warning: the quota bench counts them instead.
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Polly", LogLevel.Error).AddSimpleConsole());
        services.AddValidatedOptions<ServiceOptions>(configuration);
        services.AddValidatedOptions<StorageOptions>(configuration);
        services.AddValidatedOptions<ProvidersOptions>(configuration);
        services.AddValidatedOptions<JobsOptions>(configuration);
        services.AddValidatedOptions<JobStoreOptions>(configuration);
        services.AddValidatedOptions<LocalProviderOptions>(configuration);
        services.AddSingleton(clock ?? TimeProvider.System);
        services.AddStorage();
        services.AddJobs(configuration);
        services.AddSingleton<DramaIndex>();
        services.AddSingleton<DramaRepository>();
        // Speech is offline espeak-ng either way: the scheduler bench's dramas have no lines, the cut bench's are spoken.
        services.AddSingleton<ISpeechProvider, DramaGen.Providers.Local.LocalSpeechProvider>();
        providers(services);
        services.AddGeneration();
        services.AddWorkDistribution(configuration);
        _services = services.BuildServiceProvider();
        _worker = _services.GetServices<IHostedService>().OfType<GenerationWorker>().Single();
    }

    public string Root { get; }
    public IJobStore Jobs => _services.GetRequiredService<IJobStore>();
    public IJobPolls Polls => _services.GetRequiredService<IJobPolls>();
    public DramaRepository Dramas => _services.GetRequiredService<DramaRepository>();
    public GenerationRuns Runs => _services.GetRequiredService<GenerationRuns>();
    public RunEtas Etas => _services.GetRequiredService<RunEtas>();
    public IRunProgress Progress => _services.GetRequiredService<IRunProgress>();
    public DramaGen.Pacing.CapacityPools Pools => _services.GetRequiredService<DramaGen.Pacing.CapacityPools>();

    /// <summary>The engine's worker, after (under JOB_STORE=postgres) the store's own start-up: migration, then engine leadership.</summary>
    public async Task StartAsync()
    {
        foreach (var storeStartup in PostgresServices())
        {
            await storeStartup.StartAsync(CancellationToken.None);
        }
        await _worker.StartAsync(CancellationToken.None);
    }

    /// <summary>Starts every hosted service in order, as the host does (JOB_STORE=postgres: migration, leadership, signals, Hangfire).</summary>
    public async Task StartAllAsync()
    {
        _all = [.. _services.GetServices<IHostedService>()];
        foreach (var service in _all)
        {
            await service.StartAsync(CancellationToken.None);
        }
    }

    private List<IHostedService>? _all;

    public async Task<JobRecord> RunAsync(string dramaId)
    {
        var start = await Runs.StartAsync(dramaId, RunScope.WholeDrama);
        if (start.Status != RunStartStatus.Accepted)
        {
            throw new InvalidOperationException(start.Detail);
        }
        await Runs.WhenFinishedAsync(start.Job!.JobId);
        return Jobs.Get(start.Job.JobId)!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_all is not null)
        {
            foreach (var service in Enumerable.Reverse(_all))
            {
                await service.StopAsync(CancellationToken.None);
            }
        }
        else
        {
            await _worker.StopAsync(CancellationToken.None);
            foreach (var storeStartup in PostgresServices().Reverse())
            {
                await storeStartup.StopAsync(CancellationToken.None);
            }
        }
        await _services.DisposeAsync();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }

    /// <summary>The PostgreSQL store's hosted services (each does nothing under JOB_STORE=file), in start order.</summary>
    private IEnumerable<IHostedService> PostgresServices() =>
        _services.GetServices<IHostedService>().Where(service => service.GetType().Namespace == typeof(DramaGen.Jobs.Postgres.PostgresJobStore).Namespace);
}
