using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using DramaGen.Http;
using DramaGen.Jobs;
using Microsoft.Extensions.Options;

namespace DramaGen.Generation.Events;

/// <summary>
/// The publisher the scheduler talks to and the source of every SSE stream: one <see cref="RunLog"/> per
/// run in memory, started from the run's job files so a log always holds the whole run, not just what
/// happened since this process started. Event sequences come from one counter for the whole hub, so a
/// log rebuilt later only has newer sequences and a client resuming from an old one misses nothing.
/// Where several instances share the job store, every change published here is also handed to the
/// <see cref="RunEventRelay"/> (ids only), and the changes other instances publish come back through
/// <see cref="ApplyRemote"/>, which reads their state from the store. There a log is kept only for a run a stream
/// opened here (<see cref="Open"/>, which starts it from the store): an instance that only executes a run's nodes
/// neither reads the run into memory nor reads back every change the others make to it.
/// </summary>
public sealed class RunEventHub : IRunEventPublisher
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, RunLog> _runs = new(StringComparer.Ordinal);
    private readonly Lock _createLock = new();
    private readonly IJobStore _jobs;
    private readonly TimeProvider _clock;
    private readonly RunEventOptions _options;
    private readonly ILogger<RunEventHub> _logger;
    private readonly bool _shared;
    private readonly Channel<RunChange> _outbox = Channel.CreateUnbounded<RunChange>(new UnboundedChannelOptions { SingleReader = true });
    /// <summary>The runs whose log <see cref="Create"/> is reading from the store at the moment.</summary>
    private readonly ConcurrentDictionary<string, byte> _creating = new(StringComparer.Ordinal);
    private long _sequence;
    private DateTimeOffset _nextSweep;

    public RunEventHub(IJobStore jobs, IClusterSignals signals, TimeProvider clock, IOptions<RunEventOptions> options, ILogger<RunEventHub> logger)
    {
        _shared = signals.IsShared;
        _jobs = jobs;
        _clock = clock;
        _options = options.Value;
        _logger = logger;
        _nextSweep = clock.GetUtcNow() + SweepInterval;
    }

    /// <summary>Distinguishes this process's event ids from those of an earlier one (sequences restart at 1).</summary>
    public string Instance { get; } = Ids.RandomHex(8);

    public int RunsInMemory => _runs.Count;

    public void Publish(RunEvent runEvent)
    {
        try
        {
            var log = _runs.TryGetValue(runEvent.ParentJobId, out var existing) ? existing
                : _shared ? Kept(runEvent.ParentJobId)
                : Create(runEvent.ParentJobId, runEvent.DramaId);
            if (log is not null)
            {
                Append(log, runEvent);
            }
            if (_shared)
            {
                _outbox.Writer.TryWrite(new RunChange(runEvent.ParentJobId, runEvent.Kind,
                    runEvent.Kind == RunEvents.NodeKind ? runEvent.Data["job_id"]?.GetValue<string>() : null));
            }
        }
        catch (Exception e)
        {
            // The scheduler must never fail because a watcher could not be told.
            _logger.LogWarning(e, "Dropped a {Kind} event of run {ParentJobId}", runEvent.Kind, runEvent.ParentJobId);
        }
    }

    /// <summary>One process keeps every run it publishes; where instances share the store, only a run streamed here.</summary>
    public bool KeepsEventsOf(string parentJobId) => !_shared || _runs.ContainsKey(parentJobId) || _creating.ContainsKey(parentJobId);

    /// <summary>Told to the other instances, which read the counts where they keep the run.</summary>
    public void CountsChanged(string parentJobId)
    {
        if (_shared)
        {
            _outbox.Writer.TryWrite(new RunChange(parentJobId, RunEvents.ProgressKind, null));
        }
    }

    /// <summary>
    /// The log of a run this instance did not keep when the change was made (here or by another instance): the one a stream
    /// opened meanwhile. A log that was being read from the store when the change was made may not show it: wait for it
    /// and append. A log whose creation starts later reads the change from the store.
    /// </summary>
    private RunLog? Kept(string parentJobId)
    {
        RunLog? log;
        if (_creating.ContainsKey(parentJobId))
        {
            lock (_createLock)
            {
                return _runs.TryGetValue(parentJobId, out log) ? log : null;
            }
        }
        // Its creation may have ended since the first look (the log is in place before the run leaves _creating).
        return _runs.TryGetValue(parentJobId, out log) ? log : null;
    }

    /// <summary>The changes published here, for the other instances (read by <see cref="RunEventRelay"/> only).</summary>
    internal ChannelReader<RunChange> Outbox => _outbox.Reader;

    /// <summary>
    /// A change another instance published: appended, as the store has it now, to the run's log if this instance keeps
    /// one (a log opened later starts from the store anyway).
    /// </summary>
    internal void ApplyRemote(RunChange change)
    {
        if (Kept(change.ParentJobId) is not { } log)
        {
            return;
        }
        switch (change.Kind)
        {
            case RunEvents.NodeKind when change.JobId is not null && _jobs.Get(change.JobId) is { } child:
                Append(log, RunSnapshot.Node(log.ParentJobId, log.DramaId, child));
                break;
            case RunEvents.ProgressKind when FindJob(change.ParentJobId) is { } parent:
                Append(log, RunEvents.Progress(parent.JobId, parent.DramaId, parent.Status, _jobs.CountChildren(parent.JobId), parent.CostUsd));
                break;
            case RunEvents.EndKind:
                EndFromJobFilesIfFinished(log);
                break;
        }
    }

    /// <summary>Messages from other instances may have been lost: every log kept here is brought up to the store's state.</summary>
    internal void ResyncFromStore()
    {
        foreach (var log in _runs.Values)
        {
            if (!log.Ended && FindJob(log.ParentJobId) is { } parent)
            {
                foreach (var known in RunSnapshot.Of(parent, _jobs.ListChildren(parent.JobId), _jobs.CountChildren(parent.JobId)))
                {
                    Append(log, known);
                }
            }
        }
    }

    /// <summary>The run's log, rebuilt from its job files when it is not in memory; null when the parent job does not exist.</summary>
    internal RunLog? Open(string parentJobId)
    {
        if (_runs.TryGetValue(parentJobId, out var log))
        {
            return log;
        }
        var parent = FindJob(parentJobId);
        return parent is null ? null : Create(parentJobId, parent.DramaId);
    }

    /// <summary>
    /// Ends a log whose parent job is final although no end event came (a job that is not a generation run,
    /// or a run stopped without telling): the counts are taken from the job files.
    /// </summary>
    internal void EndFromJobFilesIfFinished(RunLog log)
    {
        if (log.Ended || FindJob(log.ParentJobId) is not { IsFinished: true } parent)
        {
            return;
        }
        if (_shared)
        {
            // Its node events came from another instance and some may still be on their way: each node's last state first.
            foreach (var child in _jobs.ListChildren(parent.JobId))
            {
                Append(log, RunSnapshot.Node(parent.JobId, parent.DramaId, child));
            }
        }
        var counts = _jobs.CountChildren(parent.JobId);
        Append(log, RunEvents.Progress(parent.JobId, parent.DramaId, parent.Status, counts, parent.CostUsd));
        Append(log, RunEvents.End(parent.JobId, parent.DramaId, parent.Status, counts, parent.Error, parent.CostUsd));
    }

    /// <summary>Formats an event id for the stream: the hub instance and the sequence.</summary>
    public string EventId(long sequence) => $"{Instance}-{sequence}";

    /// <summary>
    /// The sequence a client last received, from its Last-Event-ID: 0 when the id comes from an earlier
    /// process (replay everything), false when it is not an event id at all.
    /// </summary>
    public bool TryParseEventId(string? eventId, out long sequence)
    {
        sequence = 0;
        if (string.IsNullOrEmpty(eventId))
        {
            return true;
        }
        var dash = eventId.LastIndexOf('-');
        if (dash <= 0 || !long.TryParse(eventId.AsSpan(dash + 1), System.Globalization.NumberStyles.None, null, out var parsed)
            || !Ids.IsValid(eventId[..dash]))
        {
            return false;
        }
        sequence = eventId[..dash] == Instance ? parsed : 0;
        return true;
    }

    /// <summary>
    /// Whether a valid event id comes from another instance, or an earlier process: its sequence means nothing here, so
    /// the stream starts with the run's latest state (<see cref="RunLog.ReadLatest"/>) rather than every event again.
    /// </summary>
    public bool IsForeign(string? eventId) =>
        !string.IsNullOrEmpty(eventId) && TryParseEventId(eventId, out _) && eventId[..eventId.LastIndexOf('-')] != Instance;

    private RunLog Create(string parentJobId, string dramaId)
    {
        lock (_createLock)
        {
            if (_runs.TryGetValue(parentJobId, out var raced))
            {
                return raced;
            }
            var now = _clock.GetUtcNow();
            Sweep(now);
            var log = new RunLog(parentJobId, dramaId, _options.MaxEventsPerRun, now);
            _creating[parentJobId] = 0;
            try
            {
                if (FindJob(parentJobId) is { } parent)
                {
                    foreach (var known in RunSnapshot.Of(parent, _jobs.ListChildren(parentJobId), _jobs.CountChildren(parentJobId)))
                    {
                        Append(log, known);
                    }
                }
                _runs[parentJobId] = log;
            }
            finally
            {
                _creating.TryRemove(parentJobId, out _);
            }
            return log;
        }
    }

    private void Append(RunLog log, RunEvent runEvent)
    {
        var key = runEvent.Kind == RunEvents.NodeKind
            ? "node:" + (runEvent.Data["node_id"]?.GetValue<string>() ?? runEvent.Data["job_id"]?.GetValue<string>() ?? "")
            : runEvent.Kind;
        log.Append(runEvent.Kind, key, JsonSerializer.SerializeToUtf8Bytes(runEvent.Data), () => Interlocked.Increment(ref _sequence), _clock.GetUtcNow(),
            runEvent.Kind == RunEvents.ProgressKind ? RunEvents.AdvanceOf(runEvent.Data) : null);
    }

    private void Sweep(DateTimeOffset now)
    {
        if (now < _nextSweep)
        {
            return;
        }
        _nextSweep = now + SweepInterval;
        foreach (var (id, log) in _runs)
        {
            var keep = log.Ended ? _options.FinishedRetention : _options.IdleRetention;
            if (log.LastActivity + keep < now)
            {
                _runs.TryRemove(id, out _);
            }
        }
    }

    // Publish reads the store only when it creates a run's log.
    private JobRecord? FindJob(string jobId) => _jobs.Get(jobId);
}

/// <summary>A change of a run as instances tell each other: ids only (the job id of a node change), never state.</summary>
internal sealed record RunChange(string ParentJobId, string Kind, string? JobId);
