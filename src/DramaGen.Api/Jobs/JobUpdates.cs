namespace DramaGen.Jobs;

/// <summary>The one read-modify-write step of every store: a mutation applied to a copy, checked against the rules.</summary>
public static class JobUpdates
{
    /// <summary>
    /// The next snapshot of <paramref name="current"/>: a copy the mutation changed, with the job's identity (id, drama,
    /// parent) kept as it was.
    /// </summary>
    /// <exception cref="InvalidJobTransitionException">The mutation moved the status in a way <see cref="JobTransitions"/> forbids.</exception>
    public static JobRecord Apply(JobRecord current, Action<JobRecord> mutate)
    {
        var next = current.Clone();
        mutate(next);
        next.JobId = current.JobId;
        next.DramaId = current.DramaId;
        next.ParentJobId = current.ParentJobId;
        JobTransitions.Ensure(current.JobId, current.Status, next.Status);
        return next;
    }
}
