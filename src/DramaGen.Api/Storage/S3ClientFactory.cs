using Amazon.Runtime;
using Amazon.S3;
using DramaGen.Configuration;

namespace DramaGen.Storage;

/// <summary>The AWSSDK.S3 settings that R2 and other S3-compatible servers (s3rver, MinIO) accept.</summary>
internal static class S3ClientFactory
{
    /// <param name="maxErrorRetry">Retries of throttled or failed requests; none for a health probe that must answer fast.</param>
    public static AmazonS3Client Create(StorageOptions options, int maxErrorRetry = 3)
    {
        var config = new AmazonS3Config
        {
            ServiceURL = options.ResolvedEndpoint,
            // R2 and most self-hosted servers have no virtual-host buckets.
            ForcePathStyle = true,
            AuthenticationRegion = options.R2Region,
            // The SDK's default CRC32 trailers and streaming checksums are rejected by R2.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            MaxErrorRetry = maxErrorRetry,
            Timeout = TimeSpan.FromMinutes(5),
        };
        return new AmazonS3Client(new BasicAWSCredentials(options.R2AccessKeyId, options.R2SecretAccessKey), config);
    }

    /// <summary>
    /// A bucket is created on first use only on an explicit non-R2 endpoint (s3rver, MinIO): on R2 buckets
    /// are made in the dashboard and a token usually may not create them.
    /// </summary>
    public static bool MayCreateBucket(StorageOptions options) =>
        !string.IsNullOrWhiteSpace(options.R2Endpoint)
        && Uri.TryCreate(options.R2Endpoint, UriKind.Absolute, out var endpoint)
        && !endpoint.Host.EndsWith(".r2.cloudflarestorage.com", StringComparison.OrdinalIgnoreCase);
}
