using System.Collections.Concurrent;
using System.Threading.Channels;
using DramaGen.Configuration;
using DramaGen.Http;
using Microsoft.Extensions.Options;

namespace DramaGen.Generation.Runs;

/// <summary>A run waiting to start: its parent job, and a sequence number that orders it against cancellations.</summary>
public sealed record RunTicket(string ParentJobId, string DramaId, long Sequence);

/// <summary>
/// The channel between the routes (and start-up resume) and <see cref="GenerationWorker"/>, and the admission
/// of runs: at most GENERATION_QUEUE_CAPACITY runs accepted and not yet finished, and at most one per drama. The
/// worker drains the channel into per-drama lanes at once, so the bound is counted here, from admission until
/// <see cref="Finished"/>, not by the channel's size.
/// </summary>
public sealed class RunQueue(IOptions<GenerationOptions> options)
{
    private long _sequence;
    private int _outstanding;
    private readonly ConcurrentDictionary<string, string> _activeByDrama = new(StringComparer.Ordinal);
    // The admitted runs not yet finished: a run is released when its end is written and again when its lane lets go.
    private readonly ConcurrentDictionary<string, byte> _open = new(StringComparer.Ordinal);

    private readonly Channel<RunTicket> _channel = Channel.CreateUnbounded<RunTicket>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<RunTicket> Reader => _channel.Reader;

    public long NextSequence() => Interlocked.Increment(ref _sequence);

    public long CurrentSequence => Interlocked.Read(ref _sequence);

    /// <summary>
    /// Reserves room for a new run of the drama before its job is written.
    /// </summary>
    /// <returns>Null when admitted; else the id of the drama's run that is still active.</returns>
    /// <exception cref="QueueFullException">GENERATION_QUEUE_CAPACITY runs are already accepted and unfinished.</exception>
    public string? TryAdmit(string dramaId, string parentJobId)
    {
        if (!_activeByDrama.TryAdd(dramaId, parentJobId))
        {
            return _activeByDrama.TryGetValue(dramaId, out var running) ? running : TryAdmit(dramaId, parentJobId);
        }
        if (Interlocked.Increment(ref _outstanding) > options.Value.QueueCapacity)
        {
            Interlocked.Decrement(ref _outstanding);
            _activeByDrama.TryRemove(new KeyValuePair<string, string>(dramaId, parentJobId));
            throw Full(options.Value.QueueCapacity);
        }
        _open[parentJobId] = 0;
        return null;
    }

    /// <summary>The refusal of a full generation queue, wherever it is decided (in memory here, or by a shared job store).</summary>
    public static QueueFullException Full(int capacity) =>
        new($"The generation queue is full ({capacity} runs accepted and unfinished, GENERATION_QUEUE_CAPACITY); retry later.", 30);

    /// <summary>Admits a run a previous process left unfinished (start-up resume): never refused.</summary>
    public void Readmit(string dramaId, string parentJobId)
    {
        _activeByDrama[dramaId] = parentJobId;
        if (_open.TryAdd(parentJobId, 0))
        {
            Interlocked.Increment(ref _outstanding);
        }
    }

    /// <summary>
    /// Frees the room of an admitted run: it finished, failed, was cancelled or never got its job written. Called
    /// before a run's end is written (a client that sees the end may start the next run at once: it waits in the
    /// drama's lane for this one to let go) and again when the run has stopped; only the first call frees.
    /// </summary>
    public void Finished(string dramaId, string parentJobId)
    {
        if (!_open.TryRemove(parentJobId, out _))
        {
            return;
        }
        Interlocked.Decrement(ref _outstanding);
        _activeByDrama.TryRemove(new KeyValuePair<string, string>(dramaId, parentJobId));
    }

    public ValueTask EnqueueAsync(string parentJobId, string dramaId, CancellationToken cancellationToken = default) =>
        _channel.Writer.WriteAsync(new RunTicket(parentJobId, dramaId, NextSequence()), cancellationToken);
}
