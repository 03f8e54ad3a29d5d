using System.Runtime.InteropServices;

namespace DramaGen.Configuration;

/// <summary>
/// Caps glibc's malloc arenas at start, as MALLOC_ARENA_MAX would. Left alone, glibc gives each thread that meets
/// contention an arena of its own, up to eight per core, and each arena keeps what was freed in it: the runtime's, the
/// JIT's and SkiaSharp's native allocations, spread over the thread pool, held about 37 MiB in arenas during a
/// 10,125-node run (#15). Two arenas serve the same work from less. A MALLOC_ARENA_MAX the operator set wins.
/// </summary>
public static class NativeArenas
{
    public const int Limit = 2;

    /// <summary>M_ARENA_MAX in glibc's malloc.h.</summary>
    private const int ArenaMaxParameter = -8;

    /// <returns>Whether the cap was applied: not off Linux, not where MALLOC_ARENA_MAX is set, not on a libc without mallopt.</returns>
    public static bool Cap()
    {
        if (!ShouldCap(OperatingSystem.IsLinux(), Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX")))
        {
            return false;
        }
        try
        {
            return Mallopt(ArenaMaxParameter, Limit) == 1;
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    internal static bool ShouldCap(bool isLinux, string? configured) => isLinux && string.IsNullOrWhiteSpace(configured);

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int Mallopt(int parameter, int value);
}
