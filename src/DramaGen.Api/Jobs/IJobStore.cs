namespace DramaGen.Jobs;

/// <summary>
/// Durable job records: the one job store every feature depends on (JOB_STORE picks the implementation: JSON files under
/// JOBS_DIR, or PostgreSQL). Returned records are snapshots that callers must not mutate; every update is a
/// read-modify-write of the latest stored version, checked against <see cref="JobTransitions"/>.
/// </summary>
public interface IJobStore
{
    /// <summary>"file" or "postgres" (JOB_STORE), as /health names it.</summary>
    string Kind { get; }

    /// <summary>Returns when the store can take writes now; throws saying why not (for /health, nothing secret in it).</summary>
    Task CheckHealthAsync(CancellationToken cancellationToken = default);

    /// <exception cref="InvalidOperationException">A job with that id exists already.</exception>
    Task<JobRecord> CreateAsync(JobRecord job, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates many new jobs (the children of a run), all or none; a parent's children keep the order they are given in.
    /// </summary>
    Task<IReadOnlyList<JobRecord>> CreateManyAsync(IReadOnlyList<JobRecord> jobs, JobWrite write = JobWrite.Durable,
        CancellationToken cancellationToken = default);

    JobRecord? Get(string jobId);

    /// <summary><see cref="Get"/> for the engine's hot path: on PostgreSQL it waits for the query without holding a thread.</summary>
    Task<JobRecord?> GetAsync(string jobId, CancellationToken cancellationToken = default) => Task.FromResult(Get(jobId));

    /// <summary>Read-modify-write under the job's lock; the mutation sees the latest stored version.</summary>
    /// <exception cref="KeyNotFoundException">No such job.</exception>
    /// <exception cref="InvalidJobTransitionException">The mutation moved the status in a way <see cref="JobTransitions"/> forbids.</exception>
    Task<JobRecord> UpdateAsync(string jobId, Action<JobRecord> mutate, JobWrite write, CancellationToken cancellationToken = default);

    /// <summary>A durable update (<see cref="JobWrite.Durable"/>).</summary>
    Task<JobRecord> UpdateAsync(string jobId, Action<JobRecord> mutate, CancellationToken cancellationToken = default);

    /// <summary>The drama's jobs, newest first.</summary>
    Task<IReadOnlyList<JobRecord>> ListByDramaAsync(string dramaId, CancellationToken cancellationToken = default);

    /// <summary>The children of a parent job, in the order they were created.</summary>
    IReadOnlyList<JobRecord> ListChildren(string parentJobId);

    /// <summary>The children of a parent job as JSON, in creation order (the poll of a large run copies bytes).</summary>
    /// <param name="offset">Children to skip, in creation order.</param>
    /// <param name="limit">At most this many children.</param>
    RawJsonArray ListChildrenJson(string parentJobId, int offset = 0, int limit = int.MaxValue);

    /// <summary>Per-status counts of a parent's children.</summary>
    JobCounts CountChildren(string parentJobId);

    /// <summary><see cref="CountChildren"/> for the engine's hot path: on PostgreSQL it waits for the query without holding a thread.</summary>
    Task<JobCounts> CountChildrenAsync(string parentJobId, CancellationToken cancellationToken = default) => Task.FromResult(CountChildren(parentJobId));

    /// <summary>Jobs that are not final, oldest first (start-up recovery).</summary>
    IReadOnlyList<JobRecord> ListUnfinished();

    /// <summary>Every job, oldest first (the budgets count past spend from it once).</summary>
    IReadOnlyList<JobRecord> ListAll();

    /// <summary>Writes the deferred changes that have waited at least <paramref name="minimumAge"/> (all with zero).</summary>
    /// <returns>How many jobs were written.</returns>
    Task<int> FlushDeferredAsync(TimeSpan minimumAge, CancellationToken cancellationToken = default);

    Task DeleteByDramaAsync(string dramaId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes every top-level job (a generation run's parent, an authoring job) that finished before
    /// <paramref name="cutoff"/>, with its children. A job still pending or running, or with an unfinished child, is never touched.
    /// </summary>
    /// <returns>How many job records were deleted.</returns>
    Task<int> DeleteFinishedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default);
}
