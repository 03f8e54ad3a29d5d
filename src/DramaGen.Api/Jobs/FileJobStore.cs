using DramaGen.Http;
using DramaGen.Configuration;
using System.Collections.Concurrent;
using System.Text.Json;
using DramaGen.Storage;
using Microsoft.Extensions.Options;

namespace DramaGen.Jobs;

/// <summary>
/// One JSON file per job under JOBS_DIR. Writes go through a per-job lock and land atomically
/// (temp file + rename), so a reader sees the old or the new record, never half of one.
/// Every record is also kept in memory, which makes polls and listings cheap; the returned
/// records are snapshots that callers must not mutate (updates replace them, copy-on-write).
/// Files are written at state transitions only and not fsynced. A caller may defer a write
/// (<see cref="JobWrite.Deferred"/>): the record changes in memory at once and reaches its file with the
/// next durable write of that job or with <see cref="FlushDeferredAsync"/>, whichever comes first. The
/// engine defers what a crash may lose (a child being planned or started) and writes through what it may
/// not (final states, video operation ids); on this disk every atomic write creates an inode, the
/// dominant cost of a zero-latency run.
/// </summary>
public sealed class FileJobStore : IJobStore
{
    private static readonly JsonSerializerOptions Json = JobFiles.Json;
    private readonly JobFiles _files;
    private readonly KeyedLocks _locks = new();
    private readonly ConcurrentDictionary<string, JobRecord> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _byDrama = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ChildIndex> _byParent = new(StringComparer.Ordinal);
    // Jobs whose memory is ahead of their file, with the time they first got so.
    private readonly ConcurrentDictionary<string, long> _deferred = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    // The JSON of each record as last serialized; valid while the record is still the current snapshot.
    private readonly ConcurrentDictionary<string, (JobRecord Record, byte[] Json)> _json = new(StringComparer.Ordinal);

    private readonly JobsDirectoryHealth _health;

    public FileJobStore(IOptions<JobsOptions> options, ILogger<FileJobStore> logger, TimeProvider? clock = null, JobsDirectoryHealth? health = null)
    {
        _files = new JobFiles(Path.GetFullPath(options.Value.JobsDir), logger);
        _clock = clock ?? TimeProvider.System;
        _health = health ?? new JobsDirectoryHealth(Microsoft.Extensions.Logging.Abstractions.NullLogger<JobsDirectoryHealth>.Instance);
        LoadExisting();
    }

    public string DirectoryPath => _files.Directory;

    public async Task<JobRecord> CreateAsync(JobRecord job, CancellationToken cancellationToken = default)
    {
        EnsureValidId(job);
        using (await _locks.AcquireAsync(job.JobId, cancellationToken))
        {
            if (_jobs.ContainsKey(job.JobId))
            {
                throw new InvalidOperationException($"Job '{job.JobId}' exists already.");
            }
            var snapshot = job.Clone();
            Write(snapshot);
            Index(snapshot);
            return snapshot;
        }
    }

    /// <summary>
    /// Creates many new jobs (the children of a run): files are written in parallel, then all are indexed
    /// in the given order, so a parent's children keep the order they were planned in.
    /// </summary>
    public async Task<IReadOnlyList<JobRecord>> CreateManyAsync(IReadOnlyList<JobRecord> jobs, JobWrite write = JobWrite.Durable,
        CancellationToken cancellationToken = default)
    {
        var snapshots = jobs.Select(job => { EnsureValidId(job); return job.Clone(); }).ToArray();
        if (snapshots.Any(job => _jobs.ContainsKey(job.JobId)) || snapshots.DistinctBy(job => job.JobId).Count() != snapshots.Length)
        {
            throw new InvalidOperationException("A job id exists already.");
        }
        if (write == JobWrite.Durable)
        {
            await Parallel.ForEachAsync(snapshots, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
                (job, _) => { Write(job); return ValueTask.CompletedTask; });
        }
        var now = _clock.GetTimestamp();
        foreach (var job in snapshots)
        {
            Index(job);
            if (write == JobWrite.Deferred)
            {
                _deferred.TryAdd(job.JobId, now);
            }
        }
        return snapshots;
    }

    public Task<JobRecord?> GetAsync(string jobId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Get(jobId));

    public JobRecord? Get(string jobId) => _jobs.TryGetValue(jobId, out var job) ? job : null;

    public Task<JobRecord> UpdateAsync(string jobId, Action<JobRecord> mutate, CancellationToken cancellationToken = default) =>
        UpdateAsync(jobId, mutate, JobWrite.Durable, cancellationToken);

    /// <exception cref="JobsDirectoryUnavailableException">
    /// A durable write failed: the change is made in memory all the same and reaches its file once JOBS_DIR is
    /// writable again (<see cref="TryRecoverAsync"/>), so a run that ends meanwhile is not left running.
    /// </exception>
    public async Task<JobRecord> UpdateAsync(string jobId, Action<JobRecord> mutate, JobWrite write, CancellationToken cancellationToken = default)
    {
        using (await _locks.AcquireAsync(jobId, cancellationToken))
        {
            if (!_jobs.TryGetValue(jobId, out var current))
            {
                throw new KeyNotFoundException($"Job '{jobId}' does not exist.");
            }
            var next = current.Clone();
            mutate(next);
            next.JobId = jobId;
            next.DramaId = current.DramaId;
            next.ParentJobId = current.ParentJobId;
            JobsDirectoryUnavailableException? unwritten = null;
            if (write == JobWrite.Durable)
            {
                try
                {
                    Write(next);
                    _deferred.TryRemove(jobId, out _);
                }
                catch (JobsDirectoryUnavailableException e)
                {
                    unwritten = e;
                    _deferred.TryAdd(jobId, _clock.GetTimestamp());
                }
            }
            else
            {
                _deferred.TryAdd(jobId, _clock.GetTimestamp());
            }
            _jobs[jobId] = next;
            if (next.ParentJobId is { } parent && _byParent.TryGetValue(parent, out var siblings))
            {
                siblings.Move(current.Status, next.Status);
            }
            if (unwritten is not null)
            {
                throw unwritten;
            }
            return next;
        }
    }

    public Task<IReadOnlyList<JobRecord>> ListByDramaAsync(string dramaId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<JobRecord>>(Collect(dramaId)
            .OrderByDescending(job => job.CreatedAt).ThenByDescending(job => job.JobId, StringComparer.Ordinal).ToList());

    /// <summary>The children of a parent job, in the order they were created.</summary>
    public IReadOnlyList<JobRecord> ListChildren(string parentJobId)
    {
        if (!_byParent.TryGetValue(parentJobId, out var children))
        {
            return [];
        }
        var ids = children.Ids();
        var records = new List<JobRecord>(ids.Length);
        foreach (var id in ids)
        {
            if (_jobs.TryGetValue(id, out var job))
            {
                records.Add(job);
            }
        }
        return records;
    }

    /// <summary>Writes the deferred records that have waited at least <paramref name="minimumAge"/> (all with zero).</summary>
    /// <returns>How many files were written.</returns>
    public async Task<int> FlushDeferredAsync(TimeSpan minimumAge, CancellationToken cancellationToken = default)
    {
        var written = 0;
        foreach (var (jobId, since) in _deferred)
        {
            if (_clock.GetElapsedTime(since) < minimumAge)
            {
                continue;
            }
            using (await _locks.AcquireAsync(jobId, cancellationToken))
            {
                if (_deferred.TryRemove(jobId, out _) && _jobs.TryGetValue(jobId, out var job))
                {
                    try
                    {
                        Write(job);
                    }
                    catch (JobsDirectoryUnavailableException)
                    {
                        // Stays in memory; the recovery writes it once JOBS_DIR is writable again.
                        _deferred.TryAdd(jobId, since);
                        return written;
                    }
                    written++;
                }
            }
        }
        return written;
    }

    /// <summary>
    /// The children of a parent job as JSON, in creation order. Each record's JSON is cached until it changes, so a
    /// poll of a 10,000-node run copies bytes instead of serializing 10,000 records.
    /// </summary>
    /// <param name="offset">Children to skip, in creation order.</param>
    /// <param name="limit">At most this many children.</param>
    public RawJsonArray ListChildrenJson(string parentJobId, int offset = 0, int limit = int.MaxValue)
    {
        if (!_byParent.TryGetValue(parentJobId, out var children))
        {
            return new RawJsonArray([]);
        }
        var items = new List<byte[]>();
        foreach (var id in children.Ids().Skip(offset).Take(limit))
        {
            if (_jobs.TryGetValue(id, out var job))
            {
                items.Add(JsonOf(job));
            }
        }
        return new RawJsonArray(items);
    }

    private byte[] JsonOf(JobRecord job)
    {
        if (_json.TryGetValue(job.JobId, out var cached) && ReferenceEquals(cached.Record, job))
        {
            return cached.Json;
        }
        var json = JsonSerializer.SerializeToUtf8Bytes(job, Json);
        // Only cache it while it is still the current snapshot; a newer one replaces it on its own write.
        if (_jobs.TryGetValue(job.JobId, out var current) && ReferenceEquals(current, job))
        {
            _json[job.JobId] = (job, json);
        }
        return json;
    }

    /// <summary>Per-status counts of a parent's children, maintained on every transition (no recount).</summary>
    public JobCounts CountChildren(string parentJobId) =>
        _byParent.TryGetValue(parentJobId, out var children) ? children.Counts() : JobCounts.Empty;

    /// <summary>Every job in the store (a snapshot), e.g. to find runs to resume at start-up.</summary>
    public IReadOnlyList<JobRecord> ListAll() => [.. _jobs.Values];

    public IReadOnlyList<JobRecord> ListUnfinished() =>
        _jobs.Values.Where(job => !job.IsFinished).OrderBy(job => job.CreatedAt).ToList();

    public async Task DeleteByDramaAsync(string dramaId, CancellationToken cancellationToken = default)
    {
        if (!_byDrama.TryRemove(dramaId, out var ids))
        {
            return;
        }
        foreach (var id in ids.Keys)
        {
            await RemoveAsync(id, cancellationToken);
        }
    }

    /// <summary>
    /// Deletes every top-level job (a generation run's parent, an authoring job) that finished before
    /// <paramref name="cutoff"/>, with its children. A job still pending or running is never touched.
    /// </summary>
    /// <returns>How many job records were deleted.</returns>
    public async Task<int> DeleteFinishedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        var deleted = 0;
        foreach (var job in _jobs.Values.Where(job => job.ParentJobId is null && job.IsFinished && (job.CompletedAt ?? job.CreatedAt) < cutoff).ToList())
        {
            var children = _byParent.TryGetValue(job.JobId, out var index) ? index.Ids() : [];
            if (children.Any(id => _jobs.TryGetValue(id, out var child) && !child.IsFinished))
            {
                continue;
            }
            foreach (var id in children.Append(job.JobId))
            {
                await RemoveAsync(id, cancellationToken);
                if (_byDrama.TryGetValue(job.DramaId, out var ids)) ids.TryRemove(id, out _);
                deleted++;
            }
        }
        return deleted;
    }

    private async Task RemoveAsync(string id, CancellationToken cancellationToken)
    {
        using (await _locks.AcquireAsync(id, cancellationToken))
        {
            if (_jobs.TryRemove(id, out var job) && job.ParentJobId is { } parent && _byParent.TryGetValue(parent, out var siblings))
            {
                siblings.Remove(id, job.Status);
            }
            _byParent.TryRemove(id, out _);
            _deferred.TryRemove(id, out _);
            _json.TryRemove(id, out _);
            _files.Delete(id);
        }
    }

    private IEnumerable<JobRecord> Collect(string dramaId) =>
        _byDrama.TryGetValue(dramaId, out var ids)
            ? ids.Keys.Select(id => _jobs.TryGetValue(id, out var job) ? job : null).OfType<JobRecord>()
            : [];

    private void Index(JobRecord job)
    {
        _jobs[job.JobId] = job;
        _byDrama.GetOrAdd(job.DramaId, _ => new()).TryAdd(job.JobId, 0);
        if (job.ParentJobId is { } parent)
        {
            _byParent.GetOrAdd(parent, _ => new()).Add(job.JobId, job.Status);
        }
    }

    private void LoadExisting()
    {
        foreach (var job in _files.LoadAll())
        {
            Index(job);
        }
        foreach (var children in _byParent.Values)
        {
            children.Sort(id => _jobs.TryGetValue(id, out var job) ? (job.CreatedAt, id) : (DateTimeOffset.MaxValue, id));
        }
    }

    /// <summary>
    /// While JOBS_DIR is unwritable: writes every job held in memory and probes the directory; when all of it
    /// succeeds, JOBS_DIR is healthy again.
    /// </summary>
    public async Task TryRecoverAsync(CancellationToken cancellationToken = default)
    {
        await FlushDeferredAsync(TimeSpan.Zero, cancellationToken);
        if (!_deferred.IsEmpty)
        {
            return;
        }
        try
        {
            _files.Probe();
        }
        catch (JobsDirectoryUnavailableException e)
        {
            _health.Failed(e);
            return;
        }
        _health.Recovered();
    }

    private void Write(JobRecord job)
    {
        try
        {
            _json[job.JobId] = (job, _files.Write(job));
        }
        catch (JobsDirectoryUnavailableException e)
        {
            _health.Failed(e);
            throw;
        }
    }

    private static void EnsureValidId(JobRecord job)
    {
        if (!Ids.IsValid(job.JobId))
        {
            throw new ArgumentException($"Invalid job id '{job.JobId}'.", nameof(job));
        }
    }
}
