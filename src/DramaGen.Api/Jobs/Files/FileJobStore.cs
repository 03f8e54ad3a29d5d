using DramaGen.Configuration;
using DramaGen.Http;
using DramaGen.Storage;
using Microsoft.Extensions.Options;

namespace DramaGen.Jobs.Files;

/// <summary>
/// The embedded job store: one JSON file per job under JOBS_DIR (<see cref="JobFiles"/>), every record also in memory as
/// its JSON (<see cref="JobIndex"/>), which makes polls and listings cheap. Writes go through a per-job lock and land atomically
/// (temp file + rename), so a reader sees the old or the new record, never half of one. Files are written at state
/// transitions only and not fsynced. A caller may defer a write (<see cref="DeferredWrites"/>): the record changes in
/// memory at once and reaches its file with the next durable write of that job or with <see cref="FlushDeferredAsync"/>,
/// whichever comes first. The engine defers what a crash may lose (a child being planned or started) and writes through
/// what it may not (final states, video operation ids); on this disk every atomic write creates an inode, the dominant
/// cost of a zero-latency run.
/// </summary>
public sealed class FileJobStore : IJobStore
{
    private readonly JobFiles _files;
    private readonly JobIndex _index = new();
    private readonly DeferredWrites _deferred;
    private readonly KeyedLocks _locks = new();
    private readonly JobsDirectoryHealth _health;

    public FileJobStore(IOptions<JobsOptions> options, ILogger<FileJobStore> logger, TimeProvider? clock = null, JobsDirectoryHealth? health = null)
    {
        _files = new JobFiles(Path.GetFullPath(options.Value.JobsDir), logger);
        _deferred = new DeferredWrites(clock ?? TimeProvider.System);
        _health = health ?? new JobsDirectoryHealth(Microsoft.Extensions.Logging.Abstractions.NullLogger<JobsDirectoryHealth>.Instance);
        foreach (var job in _files.LoadAll())
        {
            // Serialized anew: a file of another writer (the Python service, an older version) may be laid out otherwise.
            _index.Add(IndexedJob.Of(job));
        }
        _index.SortChildren();
    }

    public async Task<JobRecord> CreateAsync(JobRecord job, CancellationToken cancellationToken = default)
    {
        EnsureValidId(job);
        using (await _locks.AcquireAsync(job.JobId, cancellationToken))
        {
            if (_index.Contains(job.JobId))
            {
                throw new InvalidOperationException($"Job '{job.JobId}' exists already.");
            }
            var indexed = IndexedJob.Of(job);
            Write(indexed);
            _index.Add(indexed);
            return indexed.ToRecord();
        }
    }

    /// <summary>Files are written in parallel, then all are indexed in the given order.</summary>
    public async Task<IReadOnlyList<JobRecord>> CreateManyAsync(IReadOnlyList<JobRecord> jobs, JobWrite write = JobWrite.Durable,
        CancellationToken cancellationToken = default)
    {
        var snapshots = jobs.Select(job => { EnsureValidId(job); return IndexedJob.Of(job); }).ToArray();
        if (snapshots.Any(job => _index.Contains(job.JobId)) || snapshots.DistinctBy(job => job.JobId).Count() != snapshots.Length)
        {
            throw new InvalidOperationException("A job id exists already.");
        }
        if (write == JobWrite.Durable)
        {
            await Parallel.ForEachAsync(snapshots, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
                (job, _) => { Write(job); return ValueTask.CompletedTask; });
        }
        foreach (var job in snapshots)
        {
            _index.Add(job);
            if (write == JobWrite.Deferred)
            {
                _deferred.MarkBehind(job.JobId);
            }
        }
        // The engine creates a run's 10,000 children and does not read them back.
        return snapshots.AsRecords();
    }

    public JobRecord? Get(string jobId) => _index.Get(jobId);

    public string Kind => JobStoreOptions.Files;

    /// <exception cref="JobsDirectoryUnavailableException">A job file could not be written lately and JOBS_DIR has not recovered.</exception>
    public Task CheckHealthAsync(CancellationToken cancellationToken = default) =>
        _health.Problem is { } problem
            ? Task.FromException(new JobsDirectoryUnavailableException(problem, new IOException(problem)))
            : Task.CompletedTask;

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
            var current = _index.Find(jobId) ?? throw new KeyNotFoundException($"Job '{jobId}' does not exist.");
            // The record read from the JSON is this update's own copy, which the mutation may change.
            var record = JobUpdates.Apply(current.ToRecord(), mutate);
            var next = IndexedJob.Of(record, current);
            JobsDirectoryUnavailableException? unwritten = null;
            if (write == JobWrite.Durable)
            {
                try
                {
                    Write(next);
                    _deferred.MarkWritten(jobId);
                }
                catch (JobsDirectoryUnavailableException e)
                {
                    unwritten = e;
                    _deferred.MarkBehind(jobId);
                }
            }
            else
            {
                _deferred.MarkBehind(jobId);
            }
            _index.Replace(current, next);
            if (unwritten is not null)
            {
                throw unwritten;
            }
            return record;
        }
    }

    public Task<IReadOnlyList<JobRecord>> ListByDramaAsync(string dramaId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<JobRecord>>(_index.OfDrama(dramaId)
            .OrderByDescending(job => job.CreatedAt).ThenByDescending(job => job.JobId, StringComparer.Ordinal).ToArray().AsRecords());

    public IReadOnlyList<JobRecord> ListChildren(string parentJobId) => _index.ChildrenOf(parentJobId);

    /// <summary>Each record is kept as its JSON, so a poll of a 10,000-node run copies bytes instead of serializing.</summary>
    public RawJsonArray ListChildrenJson(string parentJobId, int offset = 0, int limit = int.MaxValue) =>
        _index.ChildrenJsonOf(parentJobId, offset, limit);

    /// <summary>Maintained on every transition (no recount).</summary>
    public JobCounts CountChildren(string parentJobId) => _index.CountsOf(parentJobId);

    public IReadOnlyList<JobRecord> ListUnfinished() =>
        _index.All.Where(job => !job.IsFinished).OrderBy(job => job.CreatedAt).ThenBy(job => job.JobId, StringComparer.Ordinal)
            .ToArray().AsRecords();

    public IReadOnlyList<JobRecord> ListAll() =>
        _index.All.OrderBy(job => job.CreatedAt).ThenBy(job => job.JobId, StringComparer.Ordinal).ToArray().AsRecords();

    public async Task<int> FlushDeferredAsync(TimeSpan minimumAge, CancellationToken cancellationToken = default)
    {
        var written = 0;
        foreach (var (jobId, since) in _deferred.Due(minimumAge))
        {
            using (await _locks.AcquireAsync(jobId, cancellationToken))
            {
                if (_deferred.TryTake(jobId) && _index.Find(jobId) is { } job)
                {
                    try
                    {
                        Write(job);
                    }
                    catch (JobsDirectoryUnavailableException)
                    {
                        // Stays in memory; the recovery writes it once JOBS_DIR is writable again.
                        _deferred.Restore(jobId, since);
                        return written;
                    }
                    written++;
                }
            }
        }
        return written;
    }

    public async Task DeleteByDramaAsync(string dramaId, CancellationToken cancellationToken = default)
    {
        foreach (var id in _index.TakeDrama(dramaId))
        {
            await RemoveAsync(id, cancellationToken);
        }
    }

    public async Task<int> DeleteFinishedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        var deleted = 0;
        foreach (var job in _index.All.Where(job => job.ParentJobId is null && job.IsFinished && (job.CompletedAt ?? job.CreatedAt) < cutoff).ToList())
        {
            var children = _index.ChildIdsOf(job.JobId);
            if (children.Any(id => _index.Find(id) is { IsFinished: false }))
            {
                continue;
            }
            foreach (var id in children.Append(job.JobId))
            {
                await RemoveAsync(id, cancellationToken);
                deleted++;
            }
        }
        return deleted;
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

    private async Task RemoveAsync(string id, CancellationToken cancellationToken)
    {
        using (await _locks.AcquireAsync(id, cancellationToken))
        {
            _index.Remove(id);
            _deferred.MarkWritten(id);
            _files.Delete(id);
        }
    }

    private void Write(IndexedJob job)
    {
        try
        {
            _files.Write(job.JobId, job.Json);
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
