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

    Task DeleteByDramaAsync(string dramaId, CancellationToken cancellationToken = default);
}
