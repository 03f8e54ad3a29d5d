using System.Collections.Concurrent;
using System.Text.Json;

namespace DramaGen.Jobs.Postgres;

/// <summary>
/// The runs this instance executes entirely (WORK_DISTRIBUTION=local: the engine leader runs every node), each with its
/// <see cref="RunMirror"/>, and the job writes this instance makes (<see cref="MirroringJobStore"/>), which keep them. A run
/// executed here is written by no other instance: a standby only takes the engine over once this one has let it go, and
/// then this one follows no run any more. With WORK_DISTRIBUTION=hangfire nodes run anywhere, and nothing is followed.
/// </summary>
internal sealed class RunMirrors : IRunMirrors
{
    private readonly ConcurrentDictionary<string, RunMirror> _runs = new(StringComparer.Ordinal);
    // Jobs with a write in flight here, and whether another write of the same job overlapped it: the order in which
    // two such writes reach the copy need not be the order in which they committed.
    private readonly Dictionary<string, InFlight> _writing = new(StringComparer.Ordinal);

    public IDisposable Follow(string parentJobId)
    {
        var mirror = new RunMirror();
        _runs[parentJobId] = mirror;
        return new Unfollow(() => _runs.TryRemove(new KeyValuePair<string, RunMirror>(parentJobId, mirror)));
    }

    /// <returns>The run's copy while it is followed (loaded or not); null otherwise.</returns>
    public RunMirror? Find(string? parentJobId) => parentJobId is not null && _runs.TryGetValue(parentJobId, out var mirror) ? mirror : null;

    /// <summary>Before a write of the job: pair it with <see cref="Landed"/>, <see cref="Refused"/> or <see cref="Failed"/>.</summary>
    public void Writing(string jobId)
    {
        lock (_writing)
        {
            if (_writing.TryGetValue(jobId, out var inFlight))
            {
                inFlight.Count++;
                inFlight.Overlapped = true;
            }
            else
            {
                _writing[jobId] = new InFlight();
            }
        }
    }

    /// <summary>The write committed: the record as it now stands in PostgreSQL.</summary>
    public void Landed(JobRecord written)
    {
        var overlapped = Done(written.JobId);
        var (mirror, isParent) = Find(written.ParentJobId) is { } ofParent ? (ofParent, false)
            : Find(written.JobId) is { } own ? (own, true)
            : (null, false);
        if (mirror is null)
        {
            return;
        }
        if (overlapped)
        {
            mirror.Drop();
            return;
        }
        mirror.Landed(new MirroredWrite(written.JobId, isParent, written.Status, JsonSerializer.SerializeToUtf8Bytes(written, JobJson.Options)));
    }

    /// <summary>The write was refused before anything was written (a transition the rules forbid).</summary>
    public void Refused(string jobId) => Done(jobId);

    /// <summary>The write threw otherwise (whether PostgreSQL holds it is unknown, or the job is gone): every copy is read again.</summary>
    public void Failed(string jobId)
    {
        Done(jobId);
        DropAll();
    }

    /// <summary>New jobs: a followed run that gets a child is read again (its place in creation order is the database's).</summary>
    public void Created(IEnumerable<JobRecord> jobs)
    {
        foreach (var job in jobs)
        {
            Find(job.ParentJobId)?.Drop();
        }
    }

    /// <summary>Rows deleted, or an outcome unknown: every copy is read again.</summary>
    public void DropAll()
    {
        foreach (var mirror in _runs.Values)
        {
            mirror.Drop();
        }
    }

    /// <returns>Whether another write of the job overlapped this one.</returns>
    private bool Done(string jobId)
    {
        lock (_writing)
        {
            var inFlight = _writing[jobId];
            if (--inFlight.Count == 0)
            {
                _writing.Remove(jobId);
            }
            return inFlight.Overlapped;
        }
    }

    private sealed class InFlight
    {
        public int Count { get; set; } = 1;
        public bool Overlapped { get; set; }
    }

    private sealed class Unfollow(Action unfollow) : IDisposable
    {
        public void Dispose() => unfollow();
    }
}
