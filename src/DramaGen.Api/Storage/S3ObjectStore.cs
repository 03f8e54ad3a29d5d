using DramaGen.Configuration;
using Microsoft.Extensions.Options;

namespace DramaGen.Storage;

// PLACEHOLDER: replaced by the storage work (AWSSDK.S3 implementation).
public sealed class S3ObjectStore(IOptions<StorageOptions> options) : IObjectStore
{
    public string Kind => "s3";
    public Task<StoredObject?> GetAsync(string key, CancellationToken cancellationToken = default) => throw new NotImplementedException(options.Value.R2Bucket);
    public Task<StoredObjectInfo?> HeadAsync(string key, CancellationToken cancellationToken = default) => throw new NotImplementedException();
    public Task<StoredObjectInfo> PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, string? ifMatch = null, CancellationToken cancellationToken = default) => throw new NotImplementedException();
    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) => throw new NotImplementedException();
    public IAsyncEnumerable<StoredObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken = default) => throw new NotImplementedException();
    public string GetPublicUrl(string key) => throw new NotImplementedException();
    public Task CheckHealthAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();
}
