using System.Collections.Concurrent;

namespace DramaGen.Jobs.Files;

/// <summary>
/// Every job of JOBS_DIR in memory as its JSON (<see cref="IndexedJob"/>), by id, by drama and by parent (with per-status
/// child counts), which makes polls and listings cheap. Holds snapshots: a change replaces a job's entry, it never edits
/// one, and every record handed out is read anew from the JSON. Callers serialize changes of one job (the store's per-job lock).
/// </summary>
internal sealed class JobIndex
{
    private readonly ConcurrentDictionary<string, IndexedJob> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _byDrama = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ChildIndex> _byParent = new(StringComparer.Ordinal);

    public bool Contains(string jobId) => _jobs.ContainsKey(jobId);

    public IndexedJob? Find(string jobId) => _jobs.TryGetValue(jobId, out var job) ? job : null;

    public JobRecord? Get(string jobId) => Find(jobId)?.ToRecord();

    public IEnumerable<IndexedJob> All => _jobs.Values;

    public void Add(IndexedJob job)
    {
        _jobs[job.JobId] = job;
        _byDrama.GetOrAdd(job.DramaId, _ => new()).TryAdd(job.JobId, 0);
        if (job.ParentJobId is { } parent)
        {
            _byParent.GetOrAdd(parent, _ => new()).Add(job.JobId, job.Status);
        }
    }

    /// <summary>The job's new snapshot; its parent's counts follow its status.</summary>
    public void Replace(IndexedJob current, IndexedJob next)
    {
        _jobs[next.JobId] = next;
        if (next.ParentJobId is { } parent && _byParent.TryGetValue(parent, out var siblings))
        {
            siblings.Move(current.Status, next.Status);
        }
    }

    public void Remove(string jobId)
    {
        if (_jobs.TryRemove(jobId, out var job))
        {
            if (job.ParentJobId is { } parent && _byParent.TryGetValue(parent, out var siblings))
            {
                siblings.Remove(jobId, job.Status);
            }
            if (_byDrama.TryGetValue(job.DramaId, out var ids))
            {
                ids.TryRemove(jobId, out _);
            }
        }
        _byParent.TryRemove(jobId, out _);
    }

    /// <summary>Forgets the drama's list of jobs and returns its ids (the jobs themselves go with <see cref="Remove"/>).</summary>
    public IReadOnlyCollection<string> TakeDrama(string dramaId) =>
        _byDrama.TryRemove(dramaId, out var ids) ? [.. ids.Keys] : [];

    public IEnumerable<IndexedJob> OfDrama(string dramaId) =>
        _byDrama.TryGetValue(dramaId, out var ids)
            ? ids.Keys.Select(Find).OfType<IndexedJob>()
            : [];

    public string[] ChildIdsOf(string parentJobId) => _byParent.TryGetValue(parentJobId, out var children) ? children.Ids() : [];

    public IReadOnlyList<JobRecord> ChildrenOf(string parentJobId)
    {
        var ids = ChildIdsOf(parentJobId);
        var jobs = new List<IndexedJob>(ids.Length);
        foreach (var id in ids)
        {
            if (Find(id) is { } job)
            {
                jobs.Add(job);
            }
        }
        return jobs.ToArray().AsRecords();
    }

    /// <summary>The children's JSON as it is kept: a poll of a 10,000-node run copies bytes instead of serializing.</summary>
    public RawJsonArray ChildrenJsonOf(string parentJobId, int offset, int limit)
    {
        var ids = _byParent.TryGetValue(parentJobId, out var children) ? children.Ids(offset, limit) : [];
        var items = new List<byte[]>(ids.Length);
        foreach (var id in ids)
        {
            if (Find(id) is { } job)
            {
                items.Add(job.Json);
            }
        }
        return new RawJsonArray(items);
    }

    public JobCounts CountsOf(string parentJobId) =>
        _byParent.TryGetValue(parentJobId, out var children) ? children.Counts() : JobCounts.Empty;

    /// <summary>After loading from files, which come back unordered, creation time restores the children's order.</summary>
    public void SortChildren()
    {
        foreach (var children in _byParent.Values)
        {
            children.Sort(id => Find(id) is { } job ? (job.CreatedAt, id) : (DateTimeOffset.MaxValue, id));
        }
    }
}
