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
/// </summary>
public sealed class FileJobStore : IJobStore
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private readonly string _directory;
    private readonly ILogger<FileJobStore> _logger;
    private readonly KeyedLocks _locks = new();
    private readonly ConcurrentDictionary<string, JobRecord> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _byDrama = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _byParent = new(StringComparer.Ordinal);

    public FileJobStore(IOptions<JobsOptions> options, ILogger<FileJobStore> logger)
    {
        _directory = Path.GetFullPath(options.Value.JobsDir);
        _logger = logger;
        Directory.CreateDirectory(_directory);
        LoadExisting();
    }

    public async Task<JobRecord> CreateAsync(JobRecord job, CancellationToken cancellationToken = default)
    {
        if (!Api.Ids.IsValid(job.JobId))
        {
            throw new ArgumentException($"Invalid job id '{job.JobId}'.", nameof(job));
        }
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

    public Task<JobRecord?> GetAsync(string jobId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_jobs.TryGetValue(jobId, out var job) ? job : null);

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
            await WriteAsync(next, cancellationToken);
            _jobs[jobId] = next;
            return next;
        }
    }

    public Task<IReadOnlyList<JobRecord>> ListByDramaAsync(string dramaId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<JobRecord>>(Collect(_byDrama, dramaId)
            .OrderByDescending(job => job.CreatedAt).ThenByDescending(job => job.JobId, StringComparer.Ordinal).ToList());

    /// <summary>The children of a parent job, oldest first.</summary>
    public IReadOnlyList<JobRecord> ListChildren(string parentJobId) =>
        Collect(_byParent, parentJobId).OrderBy(job => job.CreatedAt).ThenBy(job => job.JobId, StringComparer.Ordinal).ToList();

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
                    siblings.TryRemove(id, out _);
                }
                _byParent.TryRemove(id, out _);
                File.Delete(PathFor(id));
            }
        }
    }

    private IEnumerable<JobRecord> Collect(ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> index, string key) =>
        index.TryGetValue(key, out var ids)
            ? ids.Keys.Select(id => _jobs.TryGetValue(id, out var job) ? job : null).OfType<JobRecord>()
            : [];

    private void Index(JobRecord job)
    {
        _jobs[job.JobId] = job;
        _byDrama.GetOrAdd(job.DramaId, _ => new()).TryAdd(job.JobId, 0);
        if (job.ParentJobId is { } parent)
        {
            _byParent.GetOrAdd(parent, _ => new()).TryAdd(job.JobId, 0);
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
        // Leftover temp files are writes that a crash interrupted; the renamed-over file is intact.
        foreach (var temp in Directory.EnumerateFiles(_directory, ".*.tmp"))
        {
            File.Delete(temp);
        }
    }

    private Task WriteAsync(JobRecord job, CancellationToken cancellationToken) =>
        AtomicFile.WriteAllBytesAsync(PathFor(job.JobId), JsonSerializer.SerializeToUtf8Bytes(job, Json), cancellationToken);

    private string PathFor(string jobId) => Path.Combine(_directory, jobId + ".json");

    private static JobRecord Clone(JobRecord job) =>
        JsonSerializer.Deserialize<JobRecord>(JsonSerializer.SerializeToUtf8Bytes(job, Json), Json)!;
}
