using System.Runtime.InteropServices;

namespace DramaGen.Storage;

public static class ObjectStreams
{
    /// <summary>Bytes already in memory as a read-only stream over them, without copying them.</summary>
    public static MemoryStream Of(ReadOnlyMemory<byte> content) =>
        MemoryMarshal.TryGetArray(content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);
}
