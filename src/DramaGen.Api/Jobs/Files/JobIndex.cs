using System.Collections.Concurrent;
using System.Text.Json;

namespace DramaGen.Jobs.Files;

/// <summary>
/// Every job record of JOBS_DIR in memory, by id, by drama and by parent (with per-status child counts), and each
/// record's JSON while it is current, which makes polls and listings cheap. Holds snapshots: a change replaces a
/// record (copy-on-write), it never edits one. Callers serialize changes of one job (the store's per-job lock).
/// </summary>
internal sealed class JobIndex
{
    private readonly ConcurrentDictionary<string, JobRecord> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _byDrama = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ChildIndex> _byParent = new(StringComparer.Ordinal);
    // The JSON of each record as last serialized; valid while the record is still the current snapshot.
    private readonly ConcurrentDictionary<string, (JobRecord Record, byte[] Json)> _json = new(StringComparer.Ordinal);

    public bool Contains(string jobId) => _jobs.ContainsKey(jobId);

    public JobRecord? Get(string jobId) => _jobs.TryGetValue(jobId, out var job) ? job : null;

    public IEnumerable<JobRecord> All => _jobs.Values;

    public void Add(JobRecord job)
    {
        _jobs[job.JobId] = job;
        _byDrama.GetOrAdd(job.DramaId, _ => new()).TryAdd(job.JobId, 0);
        if (job.ParentJobId is { } parent)
        {
            _byParent.GetOrAdd(parent, _ => new()).Add(job.JobId, job.Status);
        }
    }

    /// <summary>The job's new snapshot; its parent's counts follow its status.</summary>
    public void Replace(JobRecord current, JobRecord next)
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
        _json.TryRemove(jobId, out _);
    }

    /// <summary>Forgets the drama's list of jobs and returns its ids (the jobs themselves go with <see cref="Remove"/>).</summary>
    public IReadOnlyCollection<string> TakeDrama(string dramaId) =>
        _byDrama.TryRemove(dramaId, out var ids) ? [.. ids.Keys] : [];

    public IEnumerable<JobRecord> OfDrama(string dramaId) =>
        _byDrama.TryGetValue(dramaId, out var ids)
            ? ids.Keys.Select(Get).OfType<JobRecord>()
            : [];

    public string[] ChildIdsOf(string parentJobId) => _byParent.TryGetValue(parentJobId, out var children) ? children.Ids() : [];

    public IReadOnlyList<JobRecord> ChildrenOf(string parentJobId)
    {
        var ids = ChildIdsOf(parentJobId);
        var records = new List<JobRecord>(ids.Length);
        foreach (var id in ids)
        {
            if (Get(id) is { } job)
            {
                records.Add(job);
            }
        }
        return records;
    }

    public RawJsonArray ChildrenJsonOf(string parentJobId, int offset, int limit)
    {
        var ids = _byParent.TryGetValue(parentJobId, out var children) ? children.Ids(offset, limit) : [];
        var items = new List<byte[]>(ids.Length);
        foreach (var id in ids)
        {
            if (Get(id) is { } job)
            {
                items.Add(JsonOf(job));
            }
        }
        return new RawJsonArray(items);
    }

    public JobCounts CountsOf(string parentJobId) =>
        _byParent.TryGetValue(parentJobId, out var children) ? children.Counts() : JobCounts.Empty;

    /// <summary>Remembers the JSON just written for this snapshot, so a poll does not serialize it again.</summary>
    public void RememberJson(JobRecord job, byte[] json) => _json[job.JobId] = (job, json);

    /// <summary>After loading from files, which come back unordered, creation time restores the children's order.</summary>
    public void SortChildren()
    {
        foreach (var children in _byParent.Values)
        {
            children.Sort(id => Get(id) is { } job ? (job.CreatedAt, id) : (DateTimeOffset.MaxValue, id));
        }
    }

    private byte[] JsonOf(JobRecord job)
    {
        if (_json.TryGetValue(job.JobId, out var cached) && ReferenceEquals(cached.Record, job))
        {
            return cached.Json;
        }
        var json = JsonSerializer.SerializeToUtf8Bytes(job, JobJson.Options);
        // Only cache it while it is still the current snapshot; a newer one replaces it on its own write.
        if (ReferenceEquals(Get(job.JobId), job))
        {
            _json[job.JobId] = (job, json);
        }
        return json;
    }
}
