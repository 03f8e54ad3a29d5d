namespace DramaGen.Http;

/// <summary>The problem an exception stands for (status, title, detail).</summary>
public sealed record MappedProblem(int Status, string Title, string? Detail);

/// <summary>
/// A feature's own exceptions as problem details. Each feature registers one from its AddXxx, so the
/// service-wide exception handler needs to know no feature.
/// </summary>
public interface IExceptionProblems
{
    /// <returns>Null when the exception is not one of this feature's.</returns>
    MappedProblem? Map(Exception exception);
}
