using System.Runtime.CompilerServices;
using DramaGen.Configuration;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Options;

namespace DramaGen.Storage;

/// <summary>
/// The embedded default store: one file per key under STORAGE_DIR. Its files are served read-only
/// under <see cref="PublicPathPrefix"/> so public URLs work without R2.
/// </summary>
public sealed class LocalObjectStore : IObjectStore
{
    public const string PublicPathPrefix = "/files";
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();
    private readonly string _root;
    private readonly string? _publicBaseUrl;
    // ETag checks and the write that follows must not interleave with another writer of the same key.
    private readonly KeyedLocks _locks = new();

    public LocalObjectStore(IOptions<StorageOptions> options)
    {
        _root = Path.GetFullPath(options.Value.StorageDir);
        _publicBaseUrl = options.Value.PublicBaseUrl?.TrimEnd('/');
        Directory.CreateDirectory(_root);
    }

    public string Kind => "local";

    public string RootDirectory => _root;

    public async Task<StoredObject?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathFor(key);
        try
        {
            var content = await File.ReadAllBytesAsync(path, cancellationToken);
            return new StoredObject(InfoFor(key, new FileInfo(path)), content, ContentTypeOf(key));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public Task<StoredObjectInfo?> HeadAsync(string key, CancellationToken cancellationToken = default)
    {
        var file = new FileInfo(PathFor(key));
        return Task.FromResult(file.Exists ? InfoFor(key, file) : null);
    }

    public async Task<StoredObjectInfo> PutAsync(string key, ReadOnlyMemory<byte> content, string contentType,
        string? ifMatch = null, CancellationToken cancellationToken = default)
    {
        var path = PathFor(key);
        using (await _locks.AcquireAsync(key, cancellationToken))
        {
            if (ifMatch is not null)
            {
                var current = new FileInfo(path);
                if (!current.Exists || InfoFor(key, current).ETag != ifMatch)
                {
                    throw new StoreConflictException(key);
                }
            }
            await AtomicFile.WriteAllBytesAsync(path, content, cancellationToken);
        }
        return InfoFor(key, new FileInfo(path));
    }

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathFor(key);
        if (!File.Exists(path))
        {
            return Task.FromResult(false);
        }
        File.Delete(path);
        return Task.FromResult(true);
    }

    public async IAsyncEnumerable<StoredObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectKeys.Validate(prefix, allowEmpty: true);
        // Only walk the directory the prefix is in, not the whole store.
        var slash = prefix.LastIndexOf('/');
        var directory = slash < 0 ? _root : Path.Combine(_root, prefix[..slash]);
        if (!Directory.Exists(directory))
        {
            yield break;
        }
        var keys = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(path => !Path.GetFileName(path).StartsWith('.'))
            .Select(path => Path.GetRelativePath(_root, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(key => key.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = new FileInfo(PathFor(key));
            if (file.Exists)
            {
                yield return InfoFor(key, file);
            }
        }
        await Task.CompletedTask;
    }

    public string GetPublicUrl(string key) =>
        $"{_publicBaseUrl}{PublicPathPrefix}/{string.Join('/', key.Split('/').Select(Uri.EscapeDataString))}";

    public Task CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        var probe = Path.Combine(_root, $".health.{Guid.NewGuid():N}");
        File.WriteAllText(probe, "ok");
        File.Delete(probe);
        return Task.CompletedTask;
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

    private static StoredObjectInfo InfoFor(string key, FileInfo file) =>
        new(key, file.Length, file.LastWriteTimeUtc, $"\"{file.Length:x}-{file.LastWriteTimeUtc.Ticks:x}\"");

    private static string ContentTypeOf(string key) =>
        ContentTypes.TryGetContentType(key, out var type) ? type : "application/octet-stream";
}
