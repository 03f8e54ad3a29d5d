namespace DramaGen.Jobs;

/// <summary>
/// The one list of which status may follow which; every store checks each update against it, so a writer that breaks
/// the rules throws (<see cref="InvalidJobTransitionException"/>) instead of storing an impossible history.
/// <list type="bullet">
/// <item>pending -> running: a node, run or authoring job starts.</item>
/// <item>pending -> completed: a node that needs no provider call (structural, or already up to date) ends without running.</item>
/// <item>pending -> failed | skipped | cancelled: a run ends before the job started (dependency failed, drama deleted, JOBS_DIR unwritable).</item>
/// <item>running -> completed | failed | skipped | cancelled: the job ends.</item>
/// <item>running -> pending (requeue): shutdown stopped the job, or start-up recovery found it running after a crash; the
/// run resumes it (a video's recorded operation id is polled, not paid for again).</item>
/// <item>completed, failed, skipped, cancelled are final: a resume (POST /resume) plans a new run with new child jobs, it
/// never reopens a finished one.</item>
/// </list>
/// An update that keeps the status (a field changes, e.g. a video operation id) is no transition and always allowed.
/// </summary>
public static class JobTransitions
{
    private static readonly HashSet<(JobStatus From, JobStatus To)> Moves =
    [
        (JobStatus.Pending, JobStatus.Running),
        (JobStatus.Pending, JobStatus.Completed),
        (JobStatus.Pending, JobStatus.Failed),
        (JobStatus.Pending, JobStatus.Skipped),
        (JobStatus.Pending, JobStatus.Cancelled),
        (JobStatus.Running, JobStatus.Completed),
        (JobStatus.Running, JobStatus.Failed),
        (JobStatus.Running, JobStatus.Skipped),
        (JobStatus.Running, JobStatus.Cancelled),
        (JobStatus.Running, JobStatus.Pending),
    ];

    public static bool IsAllowed(JobStatus from, JobStatus to) => from == to || Moves.Contains((from, to));

    /// <exception cref="InvalidJobTransitionException">The rules above forbid it.</exception>
    public static void Ensure(string jobId, JobStatus from, JobStatus to)
    {
        if (!IsAllowed(from, to))
        {
            throw new InvalidJobTransitionException(jobId, from, to);
        }
    }
}

/// <summary>A writer tried a move the job's life does not have (e.g. completed -> running): a bug, never a client's doing.</summary>
public sealed class InvalidJobTransitionException(string jobId, JobStatus from, JobStatus to)
    : InvalidOperationException($"Job '{jobId}' cannot go from {from.ToWire()} to {to.ToWire()}.")
{
    public JobStatus From { get; } = from;
    public JobStatus To { get; } = to;
}
