using DramaGen.Jobs;

namespace DramaGen.Generation.Runs;

public enum RunStartStatus
{
    Accepted,
    /// <summary>The drama, or what the scope names in it, does not exist.</summary>
    NotFound,
    /// <summary>The drama's graph has cycles or dangling references.</summary>
    InvalidGraph,
    /// <summary>The drama already has a run in progress (<see cref="RunStart.RunningJobId"/>).</summary>
    Conflict,
}

/// <summary>The answer to a generate request: the parent job, or why there is none.</summary>
public sealed record RunStart(RunStartStatus Status, JobRecord? Job = null, string? Detail = null, IReadOnlyList<string>? Problems = null,
    string? RunningJobId = null)
{
    public static RunStart Conflict(string runningJobId, string detail) => new(RunStartStatus.Conflict, Detail: detail, RunningJobId: runningJobId);
    public static RunStart Accepted(JobRecord job, string? detail = null) => new(RunStartStatus.Accepted, job, detail);
    public static RunStart NotFound(string detail) => new(RunStartStatus.NotFound, Detail: detail);
    public static RunStart Invalid(IReadOnlyList<string> problems) =>
        new(RunStartStatus.InvalidGraph, Detail: string.Join("; ", problems), Problems: problems);
}
