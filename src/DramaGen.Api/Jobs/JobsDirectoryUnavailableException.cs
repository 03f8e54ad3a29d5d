namespace DramaGen.Jobs;

/// <summary>A job file could not be written: JOBS_DIR is full, read-only or gone. Routes answer it with a 503.</summary>
public sealed class JobsDirectoryUnavailableException(string problem, Exception inner)
    : IOException($"Job state cannot be written to the jobs directory (JOBS_DIR): {problem}.", inner)
{
    /// <summary>What is wrong, without the path (e.g. "no space left on the device").</summary>
    public string Problem { get; } = problem;

    public static JobsDirectoryUnavailableException From(Exception e) => new(e switch
    {
        UnauthorizedAccessException => "permission denied",
        DirectoryNotFoundException => "the directory does not exist",
        IOException { HResult: 28 } => "no space left on the device",
        IOException { HResult: 30 } => "the file system is read-only",
        _ => e.Message.Split(" : ")[0].TrimEnd('.'),
    }, e);
}
