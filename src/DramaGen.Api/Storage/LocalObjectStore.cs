using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using DramaGen.Configuration;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Options;

namespace DramaGen.Storage;

/// <summary>
/// The embedded default store: one file per key under STORAGE_DIR. Its asset files are served read-only
/// under <see cref="PublicPathPrefix"/> (see <see cref="LocalFilesExtensions"/>) so public URLs work without R2.
/// </summary>
/// <remarks>
/// ETags are the quoted SHA-256 of the bytes: file times are too coarse on Linux (a jiffy) to tell two quick
/// writes of the same length apart. The content type is not stored; it follows from the key's extension.
/// </remarks>
public sealed class LocalObjectStore : IObjectStore
{
    public const string PublicPathPrefix = "/files";
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();
    private readonly string _root;
    private readonly string? _publicBaseUrl;
    // Writers in this process queue here before they take the store's lock shared with other processes: one queue per
    // directory, so the stores of several services in one process on one STORAGE_DIR (the bench's and the tests' clusters)
    // queue as well, instead of polling the file lock against each other.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> WritersByRoot = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _writers;
    private const int CopyBufferBytes = 81920;

    public LocalObjectStore(IOptions<StorageOptions> options)
    {
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.Value.StorageDir));
        _publicBaseUrl = options.Value.PublicBaseUrl?.TrimEnd('/');
        Directory.CreateDirectory(_root);
        _writers = WritersByRoot.GetOrAdd(_root, _ => new SemaphoreSlim(1, 1));
    }

    public string Kind => "local";

    public string RootDirectory => _root;

    public async Task<StoredObject?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathFor(key);
        byte[] content;
        try
        {
            content = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            // UnauthorizedAccessException: the key names a directory ("a" while "a/b" exists).
            return null;
        }
        var info = new StoredObjectInfo(key, content.Length, File.GetLastWriteTimeUtc(path), ETagOf(content));
        return new StoredObject(info, content, ContentTypeOf(key));
    }

    public async Task<StoredObjectInfo?> CopyToAsync(string key, Stream destination, CancellationToken cancellationToken = default)
    {
        var path = PathFor(key);
        FileStream source;
        try
        {
            // The open handle keeps the file it opened: a put renaming another over it meanwhile is not mixed in.
            source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return null;
        }
        await using (source)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
            try
            {
                long size = 0;
                int read;
                while ((read = await source.ReadAsync(buffer.AsMemory(0, CopyBufferBytes), cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    size += read;
                }
                return new StoredObjectInfo(key, size, File.GetLastWriteTimeUtc(path), Quote(hash.GetHashAndReset()));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathFor(key);
        try
        {
            return Task.FromResult<Stream?>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete,
                bufferSize: 64 * 1024, FileOptions.Asynchronous));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public async Task<StoredObjectInfo?> HeadAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathFor(key);
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete,
                81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
            var hash = await SHA256.HashDataAsync(stream, cancellationToken);
            return new StoredObjectInfo(key, stream.Length, File.GetLastWriteTimeUtc(path), Quote(hash));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public Task<StoredObjectInfo> PutAsync(string key, ReadOnlyMemory<byte> content, string contentType,
        string? ifMatch = null, bool ifAbsent = false, CancellationToken cancellationToken = default) =>
        PutAsync(key, ObjectStreams.Of(content), contentType, ifMatch, ifAbsent, cancellationToken);

    /// <remarks>
    /// The bytes are staged in a temp file first, outside any lock; only the compare and the rename happen under the
    /// store's lock, which every process sharing STORAGE_DIR takes (<see cref="DirectoryLock"/>): a temp file and a
    /// rename alone are no compare-and-swap, as two processes could both compare before either renamed.
    /// </remarks>
    public async Task<StoredObjectInfo> PutAsync(string key, Stream content, string contentType,
        string? ifMatch = null, bool ifAbsent = false, CancellationToken cancellationToken = default)
    {
        var path = PathFor(key);
        PutConditions.Check(ifMatch, ifAbsent);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        var staged = await AtomicFile.StageAsync(path, async (file, token) =>
        {
            var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
            try
            {
                int read;
                while ((read = await content.ReadAsync(buffer.AsMemory(0, CopyBufferBytes), token)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), token);
                    size += read;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }, cancellationToken);
        try
        {
            using (await LockAsync(cancellationToken))
            {
                if ((ifMatch is not null && (await HeadAsync(key, cancellationToken))?.ETag != ifMatch)
                    || (ifAbsent && File.Exists(path)))
                {
                    throw new StoreConflictException(key);
                }
                File.Move(staged, path, overwrite: true);
            }
        }
        finally
        {
            AtomicFile.Discard(staged);
        }
        return new StoredObjectInfo(key, size, File.GetLastWriteTimeUtc(path), Quote(hash.GetHashAndReset()));
    }

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) => DeleteAsync(key, null, cancellationToken);

    /// <summary>The compare and the delete happen under the store's lock, as a conditional put's compare and rename.</summary>
    public Task<bool> DeleteIfMatchAsync(string key, string ifMatch, CancellationToken cancellationToken = default) =>
        DeleteAsync(key, ifMatch, cancellationToken);

    private async Task<bool> DeleteAsync(string key, string? ifMatch, CancellationToken cancellationToken)
    {
        var path = PathFor(key);
        if (!File.Exists(path))
        {
            return false;
        }
        using (await LockAsync(cancellationToken))
        {
            if (!File.Exists(path))
            {
                return false;
            }
            // Only a conditional delete reads the file (its ETag is the hash of its bytes).
            if (ifMatch is not null && (await HeadAsync(key, cancellationToken))?.ETag != ifMatch)
            {
                throw new StoreConflictException(key);
            }
            File.Delete(path);
            return true;
        }
    }

    /// <summary>
    /// The store's write lock: in this process first (so its writers queue instead of polling the file lock), then
    /// across processes. One lock for the whole store, at its root, so no lock file is left in the directories of
    /// objects; it is held only for a compare and a rename, never while bytes are written.
    /// </summary>
    private async Task<IDisposable> LockAsync(CancellationToken cancellationToken)
    {
        await _writers.WaitAsync(cancellationToken);
        try
        {
            return new Held(_writers, await DirectoryLock.AcquireAsync(_root, cancellationToken));
        }
        catch
        {
            _writers.Release();
            throw;
        }
    }

    private sealed class Held(SemaphoreSlim local, IDisposable shared) : IDisposable
    {
        public void Dispose()
        {
            shared.Dispose();
            local.Release();
        }
    }

    /// <remarks>Listed ETags are null: telling them would mean reading every file.</remarks>
    public async IAsyncEnumerable<StoredObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectKeys.Validate(prefix, isPrefix: true);
        // Only walk the directory the prefix is in, not the whole store.
        var slash = prefix.LastIndexOf('/');
        var directory = slash < 0 ? _root : Path.Combine(_root, prefix[..slash]);
        if (!Directory.Exists(directory))
        {
            yield break;
        }
        var files = Directory.EnumerateFiles(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true })
            .Where(path => !Path.GetFileName(path).StartsWith('.'))
            .Select(path => (Path: path, Key: Path.GetRelativePath(_root, path).Replace(Path.DirectorySeparatorChar, '/')))
            .Where(file => file.Key.StartsWith(prefix, StringComparison.Ordinal) && ObjectKeys.IsValid(file.Key))
            .OrderBy(file => file.Key, ObjectKeys.Order);
        foreach (var (path, key) in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = new FileInfo(path);
            if (file.Exists) // it may have been deleted since the directory was read
            {
                yield return new StoredObjectInfo(key, file.Length, file.LastWriteTimeUtc, null);
            }
        }
        await Task.CompletedTask;
    }

    public string GetPublicUrl(string key)
    {
        ObjectKeys.Validate(key);
        return $"{_publicBaseUrl}{PublicPathPrefix}/{ObjectKeys.EscapePath(key)}";
    }

    public async Task CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        var probe = Path.Combine(_root, $".health.{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(probe, "ok", cancellationToken);
        File.Delete(probe);
    }

    private string PathFor(string key)
    {
        ObjectKeys.Validate(key);
        var path = Path.GetFullPath(Path.Combine(_root, key));
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Key '{key}' escapes the store.", nameof(key));
        }
        return path;
    }

    private static string ETagOf(ReadOnlySpan<byte> content) => Quote(SHA256.HashData(content));

    private static string Quote(byte[] hash) => $"\"{Convert.ToHexStringLower(hash)}\"";

    private static string ContentTypeOf(string key) =>
        ContentTypes.TryGetContentType(key, out var type) ? type : "application/octet-stream";
}
