using System.Text.Json;
using DramaGen.Configuration;
using DramaGen.Providers;
using DramaGen.Storage;
using DramaGen.Storage.Assets;
using Microsoft.Extensions.Options;

namespace DramaGen.Generation.Media;

/// <summary>
/// Writes generated media in the asset library's layout and metadata shape (<see cref="AssetKeys"/>,
/// <see cref="AssetMetadata"/>) straight to the object store. Unlike an upload it trusts the provider's content
/// type and reads no previous metadata, which keeps a 10,000-node run fast. The bytes go first, so metadata
/// never points at a missing file. Both writes ride out a storage outage within the node's budget (<see cref="StorageRetry"/>).
/// </summary>
public sealed class ObjectStoreMediaSink(IObjectStore store, TimeProvider clock, IOptions<ProvidersOptions> providers) : IGeneratedMediaSink
{
    /// <summary>
    /// A node's budget: as long as its provider call may take with every retry (REQUEST_TIMEOUT_SECONDS and MAX_RETRIES),
    /// so a node waits for storage no longer than it would have waited for its provider.
    /// </summary>
    public TimeSpan UploadBudget { get; } = ProviderResilience.TotalTimeout(providers.Value);

    public const string Source = "ai_generation";

    public async Task<SavedMedia> SaveAsync(MediaToSave media, CancellationToken cancellationToken = default)
    {
        var contentType = MediaTypes.Normalize(media.ContentType) ?? "application/octet-stream";
        var extension = MediaTypes.TryExtensionFor(contentType) ?? "bin";
        var key = AssetKeys.File(media.UserId, media.ProjectName, media.AssetId, extension);
        // Retried through a storage outage: the media is paid for, failing the node would pay for it again.
        var retry = new StorageRetry(clock, UploadBudget);
        await retry.RunAsync(() => store.PutAsync(key, media.Content, contentType, cancellationToken: cancellationToken), cancellationToken);
        var url = store.GetPublicUrl(key);
        var metadata = new AssetMetadata
        {
            AssetId = media.AssetId,
            UserId = media.UserId,
            ProjectName = media.ProjectName,
            AssetType = AssetTypes.TryParse(media.AssetType, out var type) ? type : AssetType.Image,
            Tag = media.Tag,
            Filename = $"{media.AssetId}.{extension}",
            R2Key = key,
            PublicUrl = url,
            SizeBytes = media.Content.Length,
            ContentType = contentType,
            CreatedAt = clock.GetUtcNow(),
            Metadata = new AssetProvenance
            {
                JobId = media.JobId,
                Prompt = media.Prompt,
                Source = Source,
                Extra = media.Extra?.ToDictionary(pair => pair.Key, pair => JsonSerializer.SerializeToElement(pair.Value)),
            },
        };
        var metadataJson = JsonSerializer.SerializeToUtf8Bytes(metadata);
        await retry.RunAsync(() => store.PutAsync(AssetKeys.Metadata(media.UserId, media.ProjectName, media.AssetId),
            metadataJson, MediaTypes.Json, cancellationToken: cancellationToken), cancellationToken);
        return new SavedMedia(key, url, media.Content.Length);
    }
}
