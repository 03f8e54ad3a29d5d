using System.Text.Json;

namespace DramaGen.Jobs.Postgres;

/// <summary>
/// One run's jobs as PostgreSQL holds them, in this instance's memory: the parent's JSON and every child's JSON and status
/// in creation order, read once (<see cref="PostgresJobPolls"/>) and then kept by this instance's own writes
/// (<see cref="RunMirrors"/>), so a poll answers the job, its counts and its page without a round trip. Every change is a
/// whole record set in place, so a write that the load already saw and then sets again changes nothing. Whatever this copy
/// cannot follow for sure (a new child, two writes of one job at once, a write whose outcome is unknown) drops it, and the
/// next poll reads it again.
/// </summary>
internal sealed class RunMirror
{
    private readonly object _gate = new();
    private byte[]? _parent;
    private JobStatus[] _statuses = [];
    private byte[][] _children = [];
    private Dictionary<string, int> _positions = new(StringComparer.Ordinal);
    private readonly int[] _byStatus = new int[Enum.GetValues<JobStatus>().Length];
    private bool _ready;
    // Bumped by every drop, so a load that began before one is not installed.
    private long _generation;
    // While a load reads the database: the writes that landed meanwhile, set again once it is installed.
    private List<MirroredWrite>? _landedDuringLoad;

    /// <returns>Null when the copy is not loaded (the caller reads the database, and may load it).</returns>
    public JobPoll? TryRead(bool children, int offset, int limit)
    {
        byte[] parent;
        JobCounts counts;
        byte[][] page;
        lock (_gate)
        {
            if (!_ready)
            {
                return null;
            }
            parent = _parent!;
            counts = Counts();
            var start = Math.Min(offset, _children.Length);
            page = children ? _children.AsSpan(start, Math.Min(limit, _children.Length - start)).ToArray() : [];
        }
        return new JobPoll(JsonSerializer.Deserialize<JobRecord>(parent, JobJson.Options)!, counts, new RawJsonArray(page));
    }

    /// <returns>The load's ticket; null when the copy is loaded, or another poll is loading it.</returns>
    public long? BeginLoad()
    {
        lock (_gate)
        {
            if (_ready || _landedDuringLoad is not null)
            {
                return null;
            }
            _landedDuringLoad = [];
            return _generation;
        }
    }

    /// <summary>Installs what the database held, then sets again every write that landed while it was read.</summary>
    /// <param name="children">Every child in creation order.</param>
    public void CompleteLoad(long ticket, byte[] parent, IReadOnlyList<(string JobId, JobStatus Status, byte[] Json)> children)
    {
        lock (_gate)
        {
            var landed = _landedDuringLoad;
            _landedDuringLoad = null;
            if (ticket != _generation || landed is null)
            {
                return;
            }
            _parent = parent;
            _statuses = new JobStatus[children.Count];
            _children = new byte[children.Count][];
            _positions = new Dictionary<string, int>(children.Count, StringComparer.Ordinal);
            Array.Clear(_byStatus);
            for (var i = 0; i < children.Count; i++)
            {
                _positions[children[i].JobId] = i;
                _statuses[i] = children[i].Status;
                _children[i] = children[i].Json;
                _byStatus[(int)children[i].Status]++;
            }
            _ready = true;
            foreach (var write in landed)
            {
                Set(write);
            }
        }
    }

    /// <summary>A load that could not read the run (it is gone, or the read failed): the next poll tries again.</summary>
    public void AbortLoad(long ticket)
    {
        lock (_gate)
        {
            if (ticket == _generation)
            {
                _landedDuringLoad = null;
            }
        }
    }

    /// <summary>A write of the run's parent or of one of its children, committed by this instance.</summary>
    public void Landed(MirroredWrite write)
    {
        lock (_gate)
        {
            _landedDuringLoad?.Add(write);
            if (_ready)
            {
                Set(write);
            }
        }
    }

    /// <summary>Forgets the copy: the next poll reads the run from the database again.</summary>
    public void Drop()
    {
        lock (_gate)
        {
            _generation++;
            _ready = false;
            _landedDuringLoad = null;
            _parent = null;
            _statuses = [];
            _children = [];
            _positions = new Dictionary<string, int>(StringComparer.Ordinal);
        }
    }

    // Under the lock, the copy loaded.
    private void Set(MirroredWrite write)
    {
        if (write.IsParent)
        {
            _parent = write.Json;
            return;
        }
        if (!_positions.TryGetValue(write.JobId, out var at))
        {
            // A child created after the load: its place in creation order is the database's to say.
            _generation++;
            _ready = false;
            return;
        }
        _byStatus[(int)_statuses[at]]--;
        _byStatus[(int)write.Status]++;
        _statuses[at] = write.Status;
        _children[at] = write.Json;
    }

    // As dramagen_job_counts counts them: a cancelled child is a skipped one.
    private JobCounts Counts() => new(
        Total: _statuses.Length,
        Completed: _byStatus[(int)JobStatus.Completed],
        Failed: _byStatus[(int)JobStatus.Failed],
        Running: _byStatus[(int)JobStatus.Running],
        Pending: _byStatus[(int)JobStatus.Pending],
        Skipped: _byStatus[(int)JobStatus.Skipped] + _byStatus[(int)JobStatus.Cancelled]);
}

/// <summary>A job record as this instance wrote it: its JSON byte for byte as PostgreSQL holds it.</summary>
/// <param name="IsParent">The followed run's parent itself, not one of its children.</param>
internal readonly record struct MirroredWrite(string JobId, bool IsParent, JobStatus Status, byte[] Json);
