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
/// Files are written at state transitions only and not fsynced: a crash loses at most the last
/// transition of a job, which the engine repeats on resume.
/// </summary>
public sealed class FileJobStore : IJobStore
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private readonly string _directory;
    private readonly ILogger<FileJobStore> _logger;
    private readonly KeyedLocks _locks = new();
    private readonly ConcurrentDictionary<string, JobRecord> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _byDrama = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ChildIndex> _byParent = new(StringComparer.Ordinal);

    public FileJobStore(IOptions<JobsOptions> options, ILogger<FileJobStore> logger)
    {
        _directory = Path.GetFullPath(options.Value.JobsDir);
        _logger = logger;
        Directory.CreateDirectory(_directory);
        LoadExisting();
    }

    public string DirectoryPath => _directory;

    public async Task<JobRecord> CreateAsync(JobRecord job, CancellationToken cancellationToken = default)
    {
        EnsureValidId(job);
        using (await _locks.AcquireAsync(job.JobId, cancellationToken))
        {
            if (_jobs.ContainsKey(job.JobId))
            {
                throw new InvalidOperationException($"Job '{job.JobId}' exists already.");
            }
            var snapshot = Clone(job);
            await WriteAsync(snapshot, cancellationToken);
            Index(snapshot);
            return snapshot;
        }
    }

    /// <summary>
    /// Creates many new jobs (the children of a run): files are written in parallel, then all are indexed
    /// in the given order, so a parent's children keep the order they were planned in.
    /// </summary>
    public async Task<IReadOnlyList<JobRecord>> CreateManyAsync(IReadOnlyList<JobRecord> jobs, CancellationToken cancellationToken = default)
    {
        var snapshots = jobs.Select(job => { EnsureValidId(job); return Clone(job); }).ToArray();
        if (snapshots.Any(job => _jobs.ContainsKey(job.JobId)) || snapshots.DistinctBy(job => job.JobId).Count() != snapshots.Length)
        {
            throw new InvalidOperationException("A job id exists already.");
        }
        await Parallel.ForEachAsync(snapshots, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (job, token) => await WriteAsync(job, token));
        foreach (var job in snapshots)
        {
            Index(job);
        }
        return snapshots;
    }

    public Task<JobRecord?> GetAsync(string jobId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Get(jobId));

    public JobRecord? Get(string jobId) => _jobs.TryGetValue(jobId, out var job) ? job : null;

    public async Task<JobRecord> UpdateAsync(string jobId, Action<JobRecord> mutate, CancellationToken cancellationToken = default)
    {
        using (await _locks.AcquireAsync(jobId, cancellationToken))
        {
            if (!_jobs.TryGetValue(jobId, out var current))
            {
                throw new KeyNotFoundException($"Job '{jobId}' does not exist.");
            }
            var next = Clone(current);
            mutate(next);
            next.JobId = jobId;
            next.DramaId = current.DramaId;
            next.ParentJobId = current.ParentJobId;
            await WriteAsync(next, cancellationToken);
            _jobs[jobId] = next;
            if (next.ParentJobId is { } parent && _byParent.TryGetValue(parent, out var siblings))
            {
                siblings.Move(current.Status, next.Status);
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

    /// <summary>Per-status counts of a parent's children, maintained on every transition (no recount).</summary>
    public JobCounts CountChildren(string parentJobId) =>
        _byParent.TryGetValue(parentJobId, out var children) ? children.Counts() : JobCounts.Empty;

    /// <summary>Every job in the store (a snapshot), e.g. to find runs to resume at start-up.</summary>
    public IReadOnlyList<JobRecord> ListAll() => [.. _jobs.Values];

    /// <summary>Jobs that are neither completed, failed nor skipped (start-up recovery).</summary>
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
            using (await _locks.AcquireAsync(id, cancellationToken))
            {
                if (_jobs.TryRemove(id, out var job) && job.ParentJobId is { } parent && _byParent.TryGetValue(parent, out var siblings))
                {
                    siblings.Remove(id, job.Status);
                }
                _byParent.TryRemove(id, out _);
                File.Delete(PathFor(id));
            }
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
        foreach (var path in Directory.EnumerateFiles(_directory, "*.json"))
        {
            try
            {
                var job = JsonSerializer.Deserialize<JobRecord>(File.ReadAllBytes(path), Json);
                if (job is not null && job.JobId == Path.GetFileNameWithoutExtension(path))
                {
                    Index(job);
                }
            }
            catch (JsonException e)
            {
                _logger.LogWarning(e, "Skipping unreadable job file {Path}", path);
            }
        }
        foreach (var children in _byParent.Values)
        {
            children.Sort(id => _jobs.TryGetValue(id, out var job) ? (job.CreatedAt, id) : (DateTimeOffset.MaxValue, id));
        }
        // Leftover temp files are writes that a crash interrupted; the renamed-over file is intact.
        foreach (var temp in Directory.EnumerateFiles(_directory, ".*.tmp"))
        {
            File.Delete(temp);
        }
    }

    private Task WriteAsync(JobRecord job, CancellationToken cancellationToken) =>
        AtomicFile.WriteAllBytesAsync(PathFor(job.JobId), JsonSerializer.SerializeToUtf8Bytes(job, Json), cancellationToken);

    private string PathFor(string jobId) => Path.Combine(_directory, jobId + ".json");

    private static void EnsureValidId(JobRecord job)
    {
        if (!Api.Ids.IsValid(job.JobId))
        {
            throw new ArgumentException($"Invalid job id '{job.JobId}'.", nameof(job));
        }
    }

    private static JobRecord Clone(JobRecord job) => new()
    {
        JobId = job.JobId,
        DramaId = job.DramaId,
        AssetId = job.AssetId,
        JobType = job.JobType,
        Status = job.Status,
        Prompt = job.Prompt,
        R2Url = job.R2Url,
        Error = job.Error,
        CreatedAt = job.CreatedAt,
        StartedAt = job.StartedAt,
        CompletedAt = job.CompletedAt,
        ParentJobId = job.ParentJobId,
        Metadata = job.Metadata?.DeepClone() as System.Text.Json.Nodes.JsonObject ?? [],
        Result = job.Result?.DeepClone(),
    };
}
