using System.Diagnostics;

namespace DramaGen.Bench;

/// <summary>
/// CPU time spent by this process and by a PostgreSQL server on this machine, for figures that hold on a shared machine:
/// wall-clock throughput moves 2-3x with the other engineers' load, the CPU a node costs much less. PostgreSQL's is its
/// postmaster's own and its children's (live backends from /proc, exited ones from the postmaster's reaped-children time),
/// so it counts every database of that server: the bench's server should serve the bench alone.
/// </summary>
public sealed class CpuTime
{
    private const double TicksPerSecond = 100; // USER_HZ: 100 on Linux

    private readonly int? _postmaster;

    private CpuTime(int? postmaster) => _postmaster = postmaster;

    /// <param name="backendPid">A backend of the server (pg_backend_pid()); its parent is the postmaster.</param>
    public static CpuTime Of(int backendPid) => new(ParentOf(backendPid));

    /// <summary>Seconds of CPU so far: this process, and the server (null where /proc does not show it).</summary>
    public (double Process, double? Server) Now()
    {
        using var process = Process.GetCurrentProcess();
        return (process.TotalProcessorTime.TotalSeconds, ServerSeconds());
    }

    private double? ServerSeconds()
    {
        if (_postmaster is not { } postmaster || Stat(postmaster) is not { } own)
        {
            return null;
        }
        // utime + stime + cutime + cstime of the postmaster, then utime + stime of each live child.
        var ticks = own[11] + own[12] + own[13] + own[14];
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && Stat(pid) is { } child && child[1] == postmaster)
            {
                ticks += child[11] + child[12];
            }
        }
        return ticks / TicksPerSecond;
    }

    private static int? ParentOf(int pid) => Stat(pid) is { } stat ? (int)stat[1] : null;

    /// <summary>The numeric fields of /proc/PID/stat after the command name: [0] state (0), [1] ppid, ... [11] utime, [12] stime, [13] cutime, [14] cstime.</summary>
    private static long[]? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return [.. fields.Take(15).Select(field => long.TryParse(field, out var value) ? value : 0)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
