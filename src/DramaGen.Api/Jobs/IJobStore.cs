namespace DramaGen.Jobs;

/// <summary>Durable job records, one JSON file per job.</summary>
public interface IJobStore
{
    Task<JobRecord> CreateAsync(JobRecord job, CancellationToken cancellationToken = default);

    Task<JobRecord?> GetAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Read-modify-write under the job's lock; the mutation sees the latest stored version.</summary>
    Task<JobRecord> UpdateAsync(string jobId, Action<JobRecord> mutate, CancellationToken cancellationToken = default);

    /// <summary>The drama's jobs, newest first.</summary>
    Task<IReadOnlyList<JobRecord>> ListByDramaAsync(string dramaId, CancellationToken cancellationToken = default);

    /// <summary>Jobs that are neither completed, failed nor skipped, oldest first (start-up recovery).</summary>
    IReadOnlyList<JobRecord> ListUnfinished();

    Task DeleteByDramaAsync(string dramaId, CancellationToken cancellationToken = default);
}
