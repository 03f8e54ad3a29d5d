namespace DramaGen.Storage;

/// <summary>
/// A flat key/value object store: S3-compatible (R2 in production) or a local directory.
/// Keys follow <see cref="ObjectKeys"/> (checked by every store: an invalid key is an ArgumentException).
/// ETags are opaque quoted strings to hand back as <c>ifMatch</c>.
/// </summary>
public interface IObjectStore
{
    /// <summary>Human-readable kind, e.g. "s3" or "local", shown on / and in logs.</summary>
    string Kind { get; }

    /// <summary>The object, or null when there is none.</summary>
    Task<StoredObject?> GetAsync(string key, CancellationToken cancellationToken = default);

    Task<StoredObjectInfo?> HeadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Copies the object to <paramref name="destination"/> in small pieces and tells what was copied (its ETag is that of
    /// the bytes copied, as <see cref="GetAsync"/> gives it), or null when there is none: what reads a large document
    /// (a drama at every checkpoint) without a whole-object array.
    /// </summary>
    Task<StoredObjectInfo?> CopyToAsync(string key, Stream destination, CancellationToken cancellationToken = default);

    /// <summary>
    /// The object as a seekable stream that reads only what is asked for (a file, or S3 GetObject with a Range
    /// from the position read), so serving a range of a large object never loads the whole of it; null when none.
    /// </summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the whole object atomically. With <paramref name="ifMatch"/> the write only happens while the
    /// stored object still has that ETag (S3's If-Match), with <paramref name="ifAbsent"/> only while there is no
    /// object under the key (S3's If-None-Match: *); otherwise <see cref="StoreConflictException"/> and nothing is
    /// written. The check and the write are one step for every writer of the store, in this process or another.
    /// </summary>
    Task<StoredObjectInfo> PutAsync(string key, ReadOnlyMemory<byte> content, string contentType,
        string? ifMatch = null, bool ifAbsent = false, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the object atomically from <paramref name="content"/>, read from its position to its end in small
    /// pieces, so a large upload never sits in memory. The stream must be seekable: its length is sent ahead
    /// (S3 needs a Content-Length) and S3's payload signature reads it once before sending it. ifMatch and ifAbsent as above.
    /// </summary>
    Task<StoredObjectInfo> PutAsync(string key, Stream content, string contentType,
        string? ifMatch = null, bool ifAbsent = false, CancellationToken cancellationToken = default);

    /// <summary>Returns false when there was nothing to delete.</summary>
    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the object only while it still has the ETag <paramref name="ifMatch"/> (S3's If-Match on DeleteObject);
    /// otherwise <see cref="StoreConflictException"/> and nothing is deleted. The local store checks and deletes under
    /// the lock every writer takes; S3 checks at the store (AWS does, since 2025-09), after a HEAD that refuses early where
    /// the store ignores the header (R2 lists If-Match for writes, not for DeleteObject: there the HEAD's check is all).
    /// </summary>
    /// <returns>False when there was nothing to delete.</returns>
    Task<bool> DeleteIfMatchAsync(string key, string ifMatch, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every object whose key starts with <paramref name="prefix"/>, in ascending key order (UTF-8 byte order,
    /// <see cref="ObjectKeys.Order"/>). A store may leave ETags out of a listing.
    /// </summary>
    IAsyncEnumerable<StoredObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>The URL a browser uses to fetch the object (relative to the service in local mode without PUBLIC_BASE_URL).</summary>
    string GetPublicUrl(string key);

    /// <summary>Throws when the store cannot be reached.</summary>
    Task CheckHealthAsync(CancellationToken cancellationToken = default);
}

public sealed record StoredObjectInfo(string Key, long Size, DateTimeOffset LastModified, string? ETag);

/// <param name="ContentType">As stored on S3; the local store derives it from the key's extension.</param>
public sealed record StoredObject(StoredObjectInfo Info, byte[] Content, string ContentType);

/// <summary>A conditional put whose condition did not hold (S3 412 PreconditionFailed or 409 ConditionalRequestConflict).</summary>
public sealed class StoreConflictException(string key)
    : Exception($"The object '{key}' changed since it was read.")
{
    public string Key { get; } = key;
}
