using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace DramaGen.Storage;

/// <summary>
/// Creates the bucket once, lazily, where that is allowed (see <see cref="S3ClientFactory.MayCreateBucket"/>),
/// so a fresh s3rver or MinIO works without a setup step. A failed attempt is retried on the next call.
/// </summary>
internal sealed class S3BucketCreator(IAmazonS3 client, string bucket, bool mayCreate, ILogger logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _ready = !mayCreate;

    public bool MayCreate => mayCreate;

    public async ValueTask EnsureAsync(CancellationToken cancellationToken)
    {
        if (_ready)
        {
            return;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_ready && !await ExistsAsync(cancellationToken))
            {
                try
                {
                    await client.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, cancellationToken);
                    logger.LogInformation("Created bucket {Bucket}", bucket);
                }
                catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
                {
                    // Someone else made it in between: just as good.
                }
            }
            _ready = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<bool> ExistsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await client.HeadBucketAsync(new HeadBucketRequest { BucketName = bucket }, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
