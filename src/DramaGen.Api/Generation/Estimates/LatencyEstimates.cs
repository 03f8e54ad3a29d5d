using System.Text.Json;
using DramaGen.Configuration;
using DramaGen.Generation.Inputs;
using DramaGen.Generation.Planning;
using DramaGen.Storage;
using Microsoft.Extensions.Options;

namespace DramaGen.Generation.Estimates;

/// <summary>
/// How long a call to each provider and model takes, learned as an exponential moving average of past calls
/// and kept in JOBS_DIR/pacing/latencies.json (written whole, temp file + rename), so a restarted service plans
/// with what it learned. A provider and model never seen yet gets its capability's default. The scheduler orders
/// ready nodes by the longest expected remaining path, and the ETA simulates the rest of a run, with these.
/// <para>
/// A video's time grows with its length, so videos are learned per second of video asked for (a 20 s clip is expected
/// to take five times a 4 s one); every other call is learned per call.
/// </para>
/// </summary>
public sealed class LatencyEstimates
{
    /// <summary>The weight of the newest call in the average: about the last ten calls count.</summary>
    public const double Smoothing = 0.2;

    /// <summary>Until a call has been measured: typical hosted-model latencies (seconds; a video's per second of video).</summary>
    public static double DefaultSeconds(Capability capability) => capability switch
    {
        Capability.Image => 15,
        Capability.Video => 15,
        Capability.Speech => 4,
        Capability.Cut => 30,
        _ => 0,
    };

    private readonly Dictionary<string, LatencyAverage> _averages;
    private readonly string _path;
    private readonly ILogger<LatencyEstimates> _logger;
    private readonly GenerationProviders _providers;
    private readonly int _defaultVideoDuration;
    private readonly SemaphoreSlim _saving = new(1, 1);
    private long _version;
    private long _savedVersion;

    public LatencyEstimates(IOptions<JobsOptions> jobs, IOptions<ServiceOptions> service, GenerationProviders providers, ILogger<LatencyEstimates> logger)
    {
        _providers = providers;
        _defaultVideoDuration = service.Value.DefaultVideoDuration;
        _path = Path.Combine(jobs.Value.JobsDir, "pacing", "latencies.json");
        _logger = logger;
        _averages = Load(_path, logger);
    }

    /// <summary>The expected seconds of the node's call to the provider and model in use.</summary>
    public double SecondsOf(PlanNode node) =>
        UnitsOf(node) * SecondsFor(node.Capability, _providers.NameFor(node.Capability), _providers.ModelFor(node.Capability));

    /// <summary>A node's call to the provider and model in use succeeded after <paramref name="elapsed"/>.</summary>
    public void Record(PlanNode node, TimeSpan elapsed) =>
        Record(node.Capability, _providers.NameFor(node.Capability), _providers.ModelFor(node.Capability), elapsed / UnitsOf(node));

    /// <summary>What a latency is learned per: the seconds of video asked for, else one call.</summary>
    private double UnitsOf(PlanNode node) =>
        node.Capability == Capability.Video ? Math.Max(1, node.Asset?.DurationSeconds ?? _defaultVideoDuration) : 1;

    /// <summary>The expected seconds of one call of <paramref name="capability"/> to this provider and model (a video's per second).</summary>
    public double SecondsFor(Capability capability, string provider, string model)
    {
        if (capability == Capability.None)
        {
            return 0;
        }
        lock (_averages)
        {
            return _averages.TryGetValue(KeyOf(capability, provider, model), out var average) ? average.Seconds : DefaultSeconds(capability);
        }
    }

    /// <summary>A call that succeeded took <paramref name="elapsed"/>: the first sample replaces the default, later ones are averaged in.</summary>
    public void Record(Capability capability, string provider, string model, TimeSpan elapsed)
    {
        if (capability == Capability.None || elapsed < TimeSpan.Zero)
        {
            return;
        }
        var key = KeyOf(capability, provider, model);
        lock (_averages)
        {
            _averages[key] = _averages.TryGetValue(key, out var average)
                ? new LatencyAverage(average.Seconds + Smoothing * (elapsed.TotalSeconds - average.Seconds), average.Samples + 1)
                : new LatencyAverage(elapsed.TotalSeconds, 1);
            _version++;
        }
    }

    /// <summary>Every average, by "capability/provider/model".</summary>
    public IReadOnlyDictionary<string, LatencyAverage> Averages
    {
        get { lock (_averages) { return new Dictionary<string, LatencyAverage>(_averages); } }
    }

    /// <summary>Writes the averages if they changed since the last save; a failed write is logged and tried again next time.</summary>
    public async Task SaveAsync(CancellationToken cancellationToken = default)
    {
        await _saving.WaitAsync(cancellationToken);
        try
        {
            byte[] json;
            long version;
            lock (_averages)
            {
                if (_version == _savedVersion)
                {
                    return;
                }
                version = _version;
                json = JsonSerializer.SerializeToUtf8Bytes(_averages);
            }
            await AtomicFile.WriteAllBytesAsync(_path, json, cancellationToken);
            _savedVersion = version;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The averages stay in memory; losing them only means planning with older ones after a restart.
            _logger.LogWarning("Latency estimates could not be saved to {Path}: {Reason}", _path, e.Message);
        }
        finally
        {
            _saving.Release();
        }
    }

    private static string KeyOf(Capability capability, string provider, string model) =>
        $"{capability.ToString().ToLowerInvariant()}/{provider}/{model}";

    private static Dictionary<string, LatencyAverage> Load(string path, ILogger logger)
    {
        try
        {
            if (File.Exists(path) && JsonSerializer.Deserialize<Dictionary<string, LatencyAverage>>(File.ReadAllBytes(path)) is { } saved)
            {
                // A hand-edited file with nonsense in it must not steer the scheduler.
                return saved.Where(pair => double.IsFinite(pair.Value.Seconds) && pair.Value.Seconds >= 0)
                    .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            logger.LogWarning("Latency estimates in {Path} could not be read ({Reason}); starting from the defaults", path, e.Message);
        }
        return new Dictionary<string, LatencyAverage>(StringComparer.Ordinal);
    }
}

/// <summary>A moving average of call latencies and how many calls it has seen.</summary>
public sealed record LatencyAverage(double Seconds, long Samples);
