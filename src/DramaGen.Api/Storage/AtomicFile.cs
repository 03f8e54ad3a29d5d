namespace DramaGen.Storage;

/// <summary>Whole-file writes that a reader never sees half done: write a temp file, then rename over.</summary>
public static class AtomicFile
{
    public static Task WriteAllBytesAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        WriteAsync(path, (stream, token) => stream.WriteAsync(content, token).AsTask(), cancellationToken);

    /// <summary>Lets <paramref name="write"/> fill the temp file, then renames it over <paramref name="path"/>.</summary>
    public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default)
    {
        var temp = await StageAsync(path, write, cancellationToken);
        try
        {
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            Discard(temp);
            throw;
        }
    }

    /// <summary>
    /// The first half of <see cref="WriteAsync"/>: a hidden temp file beside <paramref name="path"/>, filled by
    /// <paramref name="write"/>, for the caller to rename over the path (or <see cref="Discard"/>) when it decides to.
    /// </summary>
    public static async Task<string> StageAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default)
    {
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await write(stream, cancellationToken);
            }
            return temp;
        }
        catch
        {
            Discard(temp);
            throw;
        }
    }

    public static void Discard(string temp)
    {
        try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
