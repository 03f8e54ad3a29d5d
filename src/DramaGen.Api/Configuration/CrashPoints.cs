using System.Diagnostics;

namespace DramaGen.Configuration;

/// <summary>
/// Crash drills: with <c>CRASH_AT</c> naming one of these points, the process SIGKILLs itself the moment it reaches
/// it, so a test can crash the service exactly inside a window a timed kill could only hit by luck (the state on
/// disk is then what a crash there leaves). Unset, as in every deployment, a point costs one string comparison.
/// </summary>
public sealed class CrashPoints(IConfiguration configuration, ILogger<CrashPoints> logger)
{
    /// <summary>The authoring job has saved its drama and not yet marked itself completed.</summary>
    public const string AuthoringDramaSaved = "authoring-drama-saved";

    private readonly string? _crashAt = configuration["CRASH_AT"];

    public void Reach(string point)
    {
        if (string.Equals(_crashAt, point, StringComparison.Ordinal))
        {
            logger.LogCritical("Crash point {Point} reached: the process kills itself (CRASH_AT)", point);
            Process.GetCurrentProcess().Kill();
        }
    }
}
