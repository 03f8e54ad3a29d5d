using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace DramaGen.Providers.Local;

/// <summary>
/// Reused pixel memory for local cards. A 360x640 card needs 900 KB for its canvas and as much again for each reference
/// image it decodes; asked of native malloc for every card, thousands of cards left glibc's thread arenas holding tens
/// of MiB on a 10,125-node run (#15). Pinned arrays are reused instead, a few kept (rendering is gated to the cores).
/// </summary>
internal static class CardPixels
{
    private static readonly int Kept = 2 * Math.Max(2, Environment.ProcessorCount);

    /// <summary>A 1080x1920 card's pixels; a larger buffer (a client's large reference image) is used once and let go.</summary>
    internal const int MaxKeptBytes = 8 * 1024 * 1024;
    private static readonly ConcurrentBag<byte[]> Free = [];

    /// <summary>Zeroed memory of at least <paramref name="length"/> bytes, until the lease is disposed.</summary>
    public static Lease Rent(int length)
    {
        if (!Free.TryTake(out var pixels) || pixels.Length < length)
        {
            // A smaller one (an earlier, smaller card size) is let go: sizes only change with the configuration.
            pixels = GC.AllocateArray<byte>(length, pinned: true);
        }
        else
        {
            Array.Clear(pixels, 0, length);
        }
        return new Lease(pixels);
    }

    internal readonly struct Lease(byte[] pixels) : IDisposable
    {
        /// <summary>Stays put: the array is on the pinned object heap.</summary>
        public nint Address => Marshal.UnsafeAddrOfPinnedArrayElement(pixels, 0);

        public void Dispose()
        {
            if (pixels.Length <= MaxKeptBytes && Free.Count < Kept)
            {
                Free.Add(pixels);
            }
        }
    }
}
