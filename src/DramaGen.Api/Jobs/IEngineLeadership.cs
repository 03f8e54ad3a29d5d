namespace DramaGen.Jobs;

/// <summary>
/// Which instance runs the engine (the generation and authoring workers). Every instance serves the whole API; under
/// JOB_STORE=postgres exactly one of them, the holder of a PostgreSQL advisory lock, runs the engine and the others
/// stand by, taking over when it dies. Under JOB_STORE=file the one process that owns JOBS_DIR leads from the start.
/// </summary>
public interface IEngineLeadership
{
    /// <summary>Whether this instance runs the engine now ("leader"), or waits to take over ("standby").</summary>
    bool IsLeader { get; }

    /// <summary>Completes once this instance runs the engine.</summary>
    Task WhenLeaderAsync(CancellationToken cancellationToken);
}
