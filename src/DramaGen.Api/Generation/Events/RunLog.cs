using System.Text;

namespace DramaGen.Generation.Events;

/// <summary>One event as the stream sends it: its id, its SSE event name and its JSON text, kept as UTF-8 (the bytes the
/// stream writes, half the memory of a string: a 10,000-node run keeps over 10,000 events, #15).</summary>
/// <param name="Key">What a newer event of the same key supersedes: the node id, "progress" or "end".</param>
public sealed record StoredRunEvent(long Sequence, string Kind, string Key, byte[] Utf8Json)
{
    public string Json => Encoding.UTF8.GetString(Utf8Json);
}

/// <summary>
/// The ordered events of one run (one parent job). Readers keep a cursor (the last sequence they sent)
/// and wait for the next change; nobody queues events per subscriber, so a slow reader costs nothing.
/// When the log grows past its bound it keeps only the latest event per node, the latest progress and
/// the end: a reader resuming from any cursor still learns the latest state of everything that changed.
/// It compacts once a quarter of its events are superseded, so a large run holds about 1.25 events per node, not 2
/// (its running and its final event), at an amortised cost of a few steps per append.
/// </summary>
internal sealed class RunLog(string parentJobId, string dramaId, int maxEvents, DateTimeOffset now)
{
    private readonly List<StoredRunEvent> _events = [];
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private TaskCompletionSource _changed = NewSignal();
    private (int Finished, int Started) _progress;

    public string ParentJobId { get; } = parentJobId;

    public string DramaId { get; } = dramaId;

    public bool Ended { get; private set; }

    public DateTimeOffset LastActivity { get; private set; } = now;

    public int Count
    {
        get { lock (_events) return _events.Count; }
    }

    /// <summary>Appends under the log's lock; <paramref name="nextSequence"/> is called inside it, so sequences stay ordered.</summary>
    /// <param name="progress">A progress event's <see cref="RunEvents.AdvanceOf"/>: one behind the last progress appended is
    /// dropped, since a newer count already went out (two nodes ending at once may read their counts in one order and
    /// publish them in the other), so a stream's counts never go back.</param>
    public void Append(string kind, string key, byte[] utf8Json, Func<long> nextSequence, DateTimeOffset now,
        (int Finished, int Started)? progress = null)
    {
        TaskCompletionSource changed;
        lock (_events)
        {
            if (Ended && kind == RunEvents.EndKind)
            {
                return;
            }
            if (Ended)
            {
                // The same parent job runs again (a resume): its old end would stop anyone replaying the log.
                _events.RemoveAll(stored => stored.Kind == RunEvents.EndKind);
                Ended = false;
                // A resume requeues the nodes that were running: its counts may start behind the last ones.
                _progress = default;
            }
            if (progress is { } advance)
            {
                if (advance.CompareTo(_progress) < 0)
                {
                    return;
                }
                _progress = advance;
            }
            // One string per key for the whole log, however many events it has.
            if (!_keys.TryGetValue(key, out var known))
            {
                _keys.Add(known = key);
            }
            _events.Add(new StoredRunEvent(nextSequence(), kind, known, utf8Json));
            Ended = kind == RunEvents.EndKind;
            LastActivity = now;
            if (_events.Count > maxEvents && _events.Count >= _keys.Count + _keys.Count / 4 + 1)
            {
                Compact();
            }
            changed = _changed;
            _changed = NewSignal();
        }
        changed.TrySetResult();
    }

    /// <summary>The events after <paramref name="afterSequence"/>, and a task that completes at the next append.</summary>
    public (IReadOnlyList<StoredRunEvent> Events, bool Ended, Task Changed) ReadAfter(long afterSequence)
    {
        lock (_events)
        {
            var first = FirstAfter(afterSequence);
            var events = first < _events.Count ? _events.GetRange(first, _events.Count - first) : [];
            return (events, Ended, _changed.Task);
        }
    }

    /// <summary>
    /// The latest event of each node, the latest progress and the end, in log order, and the last sequence of the log: what
    /// a client resuming from another instance's (or an earlier process's) event id needs, each thing once.
    /// </summary>
    public (IReadOnlyList<StoredRunEvent> Events, long LastSequence) ReadLatest()
    {
        lock (_events)
        {
            return (Latest(), _events.Count == 0 ? 0 : _events[^1].Sequence);
        }
    }

    private int FirstAfter(long sequence)
    {
        int low = 0, high = _events.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (_events[middle].Sequence <= sequence) low = middle + 1;
            else high = middle;
        }
        return low;
    }

    private void Compact()
    {
        var kept = Latest();
        _events.Clear();
        _events.AddRange(kept);
    }

    private List<StoredRunEvent> Latest()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var kept = new List<StoredRunEvent>(_keys.Count);
        for (var i = _events.Count - 1; i >= 0; i--)
        {
            if (seen.Add(_events[i].Key))
            {
                kept.Add(_events[i]);
            }
        }
        kept.Reverse();
        return kept;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
