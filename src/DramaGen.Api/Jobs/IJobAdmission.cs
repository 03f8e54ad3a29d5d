namespace DramaGen.Jobs;

/// <summary>
/// Admission of new top-level jobs where several instances share the job store (JOB_STORE=postgres): the queue bound
/// and "one at a time per drama" are decided in the store, atomically with writing the job, so they hold across
/// instances. Under JOB_STORE=file one process admits in memory (<see cref="IsShared"/> is false) and this is not used.
/// </summary>
public interface IJobAdmission
{
    /// <summary>Whether several instances may share the store, so admission must be decided by it.</summary>
    bool IsShared { get; }

    /// <summary>Writes the job if the rule admits it, and tells the engine leader that it is there.</summary>
    Task<JobAdmission> CreateAsync(JobRecord job, JobAdmissionRule rule, CancellationToken cancellationToken = default);
}

/// <summary>What an admission counts: the unfinished top-level jobs of these types in these states.</summary>
/// <param name="Capacity">At most this many of them at once (the new one included).</param>
/// <param name="OnePerDrama">Refuse a job while the same drama has one of them.</param>
public sealed record JobAdmissionRule(IReadOnlyList<string> JobTypes, IReadOnlyList<JobStatus> Counted, int Capacity, bool OnePerDrama);

/// <summary>The job written, or why not: the drama's job that is still active, or the queue is full.</summary>
public sealed record JobAdmission(JobRecord? Created, string? ActiveJobId = null, bool Full = false);
