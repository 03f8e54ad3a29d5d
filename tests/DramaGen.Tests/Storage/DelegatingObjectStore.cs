using DramaGen.Storage;

namespace DramaGen.Tests.Storage;

/// <summary>
/// A store that hands every call to another; a test overrides the puts it observes or breaks, and nothing else
/// changes how the app's real store behaves.
/// </summary>
internal abstract class DelegatingObjectStore(IObjectStore inner) : IObjectStore
{
    public string Kind => inner.Kind;
    public Task<StoredObject?> GetAsync(string key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);
    public Task<StoredObjectInfo?> HeadAsync(string key, CancellationToken cancellationToken = default) => inner.HeadAsync(key, cancellationToken);
    public Task<StoredObjectInfo?> CopyToAsync(string key, Stream destination, CancellationToken cancellationToken = default) =>
        inner.CopyToAsync(key, destination, cancellationToken);
    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default) => inner.OpenReadAsync(key, cancellationToken);
    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        DeleteThroughAsync(key, () => inner.DeleteAsync(key, cancellationToken));
    public Task<bool> DeleteIfMatchAsync(string key, string ifMatch, CancellationToken cancellationToken = default) =>
        DeleteThroughAsync(key, () => inner.DeleteIfMatchAsync(key, ifMatch, cancellationToken));
    public IAsyncEnumerable<StoredObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);
    public string GetPublicUrl(string key) => inner.GetPublicUrl(key);
    public Task CheckHealthAsync(CancellationToken cancellationToken = default) => inner.CheckHealthAsync(cancellationToken);

    public Task<StoredObjectInfo> PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, string? ifMatch = null,
        bool ifAbsent = false, CancellationToken cancellationToken = default) =>
        PutThroughAsync(key, () => inner.PutAsync(key, content, contentType, ifMatch, ifAbsent, cancellationToken));

    public Task<StoredObjectInfo> PutAsync(string key, Stream content, string contentType, string? ifMatch = null,
        bool ifAbsent = false, CancellationToken cancellationToken = default) =>
        PutThroughAsync(key, () => inner.PutAsync(key, content, contentType, ifMatch, ifAbsent, cancellationToken));

    /// <summary>Every put, of bytes or of a stream, goes through here; <paramref name="put"/> is the real one.</summary>
    protected abstract Task<StoredObjectInfo> PutThroughAsync(Func<Task<StoredObjectInfo>> put);

    /// <summary>Every delete, conditional or not, goes through here; <paramref name="delete"/> is the real one.</summary>
    protected virtual Task<bool> DeleteThroughAsync(string key, Func<Task<bool>> delete) => delete();

    /// <summary>As <see cref="PutThroughAsync(Func{Task{StoredObjectInfo}})"/>, for a store that tells keys apart.</summary>
    protected virtual Task<StoredObjectInfo> PutThroughAsync(string key, Func<Task<StoredObjectInfo>> put) => PutThroughAsync(put);
}
