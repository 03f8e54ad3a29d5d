using Microsoft.IO;

namespace DramaGen.Storage;

/// <summary>
/// Seekable in-memory streams made of pooled 64 KB blocks, for documents that are read, rewritten and put whole (a large
/// drama, a run's node state): a 2 MB document costs no 2 MB array on the large-object heap per checkpoint, only blocks
/// that the next checkpoint reuses.
/// </summary>
public static class PooledStreams
{
    private static readonly RecyclableMemoryStreamManager Manager = new(new RecyclableMemoryStreamManager.Options
    {
        // Under the large-object threshold (85,000 bytes), so the blocks live on the small-object heap.
        BlockSize = 64 * 1024,
        // What the pool keeps between uses: a few documents' worth; the rest goes back to the GC.
        MaximumSmallPoolFreeBytes = 16 * 1024 * 1024,
        MaximumLargePoolFreeBytes = 0,
    });

    /// <param name="tag">What the stream holds (the pool's diagnostics name it).</param>
    public static RecyclableMemoryStream Rent(string tag) => Manager.GetStream(tag);
}
