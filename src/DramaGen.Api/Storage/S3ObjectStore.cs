using System.Net;
using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;
using DramaGen.Configuration;
using Microsoft.Extensions.Options;

namespace DramaGen.Storage;

/// <summary>Cloudflare R2 (or any S3-compatible endpoint from R2_ENDPOINT) through AWSSDK.S3.</summary>
public sealed class S3ObjectStore : IObjectStore, IDisposable
{
    // SigV4 caps presigned URLs at 7 days, measured by the SDK's own clock: keep a margin below it.
    private static readonly TimeSpan PresignedUrlLifetime = TimeSpan.FromDays(7) - TimeSpan.FromMinutes(5);
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(5);
    private readonly AmazonS3Client _client;
    private readonly AmazonS3Client _healthClient;
    private readonly string _bucket;
    private readonly string? _publicUrl;
    private readonly bool _https;
    private readonly TimeProvider _clock;
    private readonly S3BucketCreator _bucketCreator;

    public S3ObjectStore(IOptions<StorageOptions> options, TimeProvider clock, ILogger<S3ObjectStore> logger)
    {
        var settings = options.Value;
        _client = S3ClientFactory.Create(settings);
        _healthClient = S3ClientFactory.Create(settings, maxErrorRetry: 0);
        _bucket = settings.R2Bucket;
        _publicUrl = string.IsNullOrWhiteSpace(settings.R2PublicUrl) ? null : settings.R2PublicUrl.TrimEnd('/');
        _https = settings.ResolvedEndpoint!.StartsWith("https:", StringComparison.OrdinalIgnoreCase);
        _clock = clock;
        _bucketCreator = new S3BucketCreator(_client, _bucket, S3ClientFactory.MayCreateBucket(settings), logger);
        logger.LogInformation("Object store: S3 at {Endpoint}, bucket {Bucket}", settings.ResolvedEndpoint, _bucket);
    }

    public string Kind => "s3";

    /// <summary>Keys per LIST request; S3 answers at most 1,000. Smaller in tests to exercise paging.</summary>
    internal int ListPageSize { get; init; } = 1000;

    public async Task<StoredObject?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ObjectKeys.Validate(key);
        await _bucketCreator.EnsureAsync(cancellationToken);
        try
        {
            using var response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = key }, cancellationToken);
            var content = new byte[response.ContentLength];
            await response.ResponseStream.ReadExactlyAsync(content, cancellationToken);
            var info = new StoredObjectInfo(key, content.Length, ToOffset(response.LastModified), response.ETag);
            return new StoredObject(info, content, response.Headers.ContentType ?? "application/octet-stream");
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchKey")
        {
            return null;
        }
    }

    public async Task<StoredObjectInfo?> CopyToAsync(string key, Stream destination, CancellationToken cancellationToken = default)
    {
        ObjectKeys.Validate(key);
        await _bucketCreator.EnsureAsync(cancellationToken);
        try
        {
            using var response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = key }, cancellationToken);
            await response.ResponseStream.CopyToAsync(destination, cancellationToken);
            return new StoredObjectInfo(key, response.ContentLength, ToOffset(response.LastModified), response.ETag);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchKey")
        {
            return null;
        }
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        var info = await HeadAsync(key, cancellationToken);
        return info is null ? null : new S3RangeStream(_client, _bucket, key, info.Size);
    }

    public async Task<StoredObjectInfo?> HeadAsync(string key, CancellationToken cancellationToken = default)
    {
        ObjectKeys.Validate(key);
        await _bucketCreator.EnsureAsync(cancellationToken);
        try
        {
            var response = await _client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _bucket, Key = key }, cancellationToken);
            return new StoredObjectInfo(key, response.ContentLength, ToOffset(response.LastModified), response.ETag);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Task<StoredObjectInfo> PutAsync(string key, ReadOnlyMemory<byte> content, string contentType,
        string? ifMatch = null, bool ifAbsent = false, CancellationToken cancellationToken = default) =>
        PutAsync(key, ObjectStreams.Of(content), contentType, ifMatch, ifAbsent, cancellationToken);

    /// <remarks>
    /// The SDK sends a seekable stream with its remaining length as Content-Length and reads it in pieces: over
    /// plain HTTP (s3rver, MinIO) it first reads it once for the SigV4 payload hash and rewinds; over HTTPS the
    /// payload is unsigned. Either way the object is never held in memory whole. The conditions go on the wire as
    /// If-Match and If-None-Match: * (AWSSDK.S3's PutObjectRequest.IfMatch / IfNoneMatch), which S3 and R2 check
    /// against the stored object in the same step as the write.
    /// </remarks>
    public async Task<StoredObjectInfo> PutAsync(string key, Stream content, string contentType,
        string? ifMatch = null, bool ifAbsent = false, CancellationToken cancellationToken = default)
    {
        ObjectKeys.Validate(key);
        PutConditions.Check(ifMatch, ifAbsent);
        await _bucketCreator.EnsureAsync(cancellationToken);
        var size = content.Length - content.Position;
        var request = new PutObjectRequest
        {
            BucketName = _bucket, Key = key, ContentType = contentType, InputStream = content, AutoCloseStream = false, AutoResetStreamPosition = false,
        };
        request.Headers.ContentLength = size;
        if (_https)
        {
            // R2 does not speak the SDK's streaming SigV4; TLS already guards the payload.
            request.DisablePayloadSigning = true;
        }
        else
        {
            request.UseChunkEncoding = false;
        }
        if (ifMatch is not null)
        {
            request.IfMatch = ifMatch;
        }
        if (ifAbsent)
        {
            request.IfNoneMatch = "*";
        }
        try
        {
            var response = await _client.PutObjectAsync(request, cancellationToken);
            return new StoredObjectInfo(key, size, _clock.GetUtcNow(), response.ETag);
        }
        // 409 ConditionalRequestConflict: another conditional write of the key was in flight; the caller re-reads and retries.
        // AWS answers an If-Match on a key deleted meanwhile with 404 NoSuchKey (R2 with 412): the condition failed either way.
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.PreconditionFailed || e.ErrorCode == "ConditionalRequestConflict"
            || (ifMatch is not null && e.ErrorCode == "NoSuchKey"))
        {
            throw new StoreConflictException(key);
        }
    }

    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        // S3 answers 204 whether or not the key existed.
        if (await HeadAsync(key, cancellationToken) is null)
        {
            return false;
        }
        await _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _bucket, Key = key }, cancellationToken);
        return true;
    }

    public async Task<bool> DeleteIfMatchAsync(string key, string ifMatch, CancellationToken cancellationToken = default)
    {
        if (await HeadAsync(key, cancellationToken) is not { } current)
        {
            return false;
        }
        if (current.ETag != ifMatch)
        {
            throw new StoreConflictException(key);
        }
        try
        {
            await _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _bucket, Key = key, IfMatch = ifMatch }, cancellationToken);
            return true;
        }
        // AWS: 412 when the ETag changed since the HEAD, 409 when a write of the key was in flight, 404 when it was deleted.
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.PreconditionFailed || e.ErrorCode == "ConditionalRequestConflict")
        {
            throw new StoreConflictException(key);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchKey")
        {
            return false;
        }
    }

    public async IAsyncEnumerable<StoredObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectKeys.Validate(prefix, isPrefix: true);
        await _bucketCreator.EnsureAsync(cancellationToken);
        var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = prefix, MaxKeys = ListPageSize };
        do
        {
            var response = await _client.ListObjectsV2Async(request, cancellationToken);
            // Keys written by other tools may break our rules; skip them as the local store would.
            foreach (var item in (response.S3Objects ?? []).Where(item => ObjectKeys.IsValid(item.Key)))
            {
                yield return new StoredObjectInfo(item.Key, item.Size ?? 0, ToOffset(item.LastModified), item.ETag);
            }
            request.ContinuationToken = response.IsTruncated == true ? response.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);
    }

    /// <summary>R2_PUBLIC_URL + key when set, otherwise a presigned GET valid for about 7 days.</summary>
    public string GetPublicUrl(string key)
    {
        ObjectKeys.Validate(key);
        if (_publicUrl is not null)
        {
            return $"{_publicUrl}/{ObjectKeys.EscapePath(key)}";
        }
        return _client.GetPreSignedURL(new GetPreSignedUrlRequest
        {
            BucketName = _bucket,
            Key = key,
            Verb = HttpVerb.GET,
            Expires = _clock.GetUtcNow().Add(PresignedUrlLifetime).UtcDateTime,
            Protocol = _https ? Protocol.HTTPS : Protocol.HTTP,
        });
    }

    public async Task CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = new CancellationTokenSource(HealthTimeout, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var probe = new ListObjectsV2Request { BucketName = _bucket, MaxKeys = 1 };
        try
        {
            await _healthClient.ListObjectsV2Async(probe, linked.Token);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchBucket" && _bucketCreator.MayCreate)
        {
            // A fresh s3rver or MinIO: the bucket is made on first use, so make it now.
            await _bucketCreator.EnsureAsync(linked.Token);
            await _healthClient.ListObjectsV2Async(probe, linked.Token);
        }
    }

    public void Dispose()
    {
        _client.Dispose();
        _healthClient.Dispose();
    }

    private static DateTimeOffset ToOffset(DateTime? time) =>
        time is { } value ? new DateTimeOffset(DateTime.SpecifyKind(value.ToUniversalTime(), DateTimeKind.Utc)) : DateTimeOffset.UnixEpoch;
}
