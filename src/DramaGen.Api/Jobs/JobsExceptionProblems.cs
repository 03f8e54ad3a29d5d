using DramaGen.Http;

namespace DramaGen.Jobs;

/// <summary>An unwritable JOBS_DIR is the service's trouble, not the client's: 503 saying what is wrong.</summary>
internal sealed class JobsExceptionProblems : IExceptionProblems
{
    public MappedProblem? Map(Exception exception) => exception is JobsDirectoryUnavailableException unavailable
        ? new MappedProblem(StatusCodes.Status503ServiceUnavailable, "Jobs directory unavailable", unavailable.Message)
        : null;
}
