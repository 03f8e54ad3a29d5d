using System.Diagnostics;

namespace DramaGen.Bench;

/// <summary>
/// The process's peak resident set (VmHWM of /proc/self/status) over one run: Linux resets it when "5" is written to
/// /proc/self/clear_refs, so the peak is the run's and not the warm-up's or an earlier part's. Elsewhere the
/// process-wide <see cref="Process.PeakWorkingSet64"/>.
/// </summary>
public static class PeakMemory
{
    /// <summary>Issue #15's target for the 10,125-node run.</summary>
    public const double TargetMiB = 200;

    /// <summary>Starts a new peak; returns whether the peak could be reset (else it is the process's).</summary>
    public static bool Reset()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>The resident set now, and the peak since the reset (VmRSS, VmHWM), in MiB; null where /proc has none.</summary>
    public static (double? Resident, double? Peak) Now() => (StatusMiB("VmRSS"), StatusMiB("VmHWM"));

    public static string Describe(bool sinceReset)
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var peak = StatusMiB("VmHWM") ?? process.PeakWorkingSet64 / 1048576.0;
        return $"peak working set{(sinceReset ? "" : " (of the whole process: the peak could not be reset)")} {peak:F0} MiB " +
            $"(process peak {process.PeakWorkingSet64 / 1048576.0:F0} MiB)";
    }

    private static double? StatusMiB(string field)
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(line => line.StartsWith(field + ":", StringComparison.Ordinal));
            return line is null ? null : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
