using System.Collections.Concurrent;
using System.Text.Json;
using DramaGen.Http;
using DramaGen.Configuration;
using Microsoft.Extensions.Options;

namespace DramaGen.Storage.Assets;

/// <summary>
/// Media by user and project on the object store, each asset beside a <c>_metadata.json</c> (see <see cref="AssetKeys"/>).
/// The metadata object is written last and deleted first, so a listing never shows an asset whose bytes are missing.
/// Ids that break the id rules are an <see cref="ArgumentException"/>; a null user id means DEFAULT_USER_ID.
/// </summary>
public sealed class AssetLibrary(IObjectStore store, IOptions<ServiceOptions> options, TimeProvider clock, ILogger<AssetLibrary> logger)
{
    private const int Parallelism = 16;
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private readonly KeyedLocks _locks = new();

    public string DefaultUserId => options.Value.DefaultUserId;

    /// <summary>Stores (or replaces) an asset. Its media type comes from the bytes; see <see cref="AssetContentRules"/>.</summary>
    /// <exception cref="AssetRejectedException">The bytes do not fit the asset type or contradict the claimed type.</exception>
    public async Task<AssetMetadata> UploadAsync(AssetUpload upload, CancellationToken cancellationToken = default)
    {
        var userId = upload.UserId ?? DefaultUserId;
        var assetId = upload.AssetId ?? Guid.NewGuid().ToString();
        CheckIds(userId, upload.ProjectName, assetId);
        if (!Ids.IsValid(upload.Tag))
        {
            throw new ArgumentException($"Tag '{upload.Tag}' is not 1-64 letters, digits, '_' or '-'.", nameof(upload));
        }
        // The bytes are checked before anything is stored, so a refused upload leaves nothing behind.
        var start = upload.Content.Position;
        var contentType = await AssetContentRules.ResolveAsync(upload.Content, upload.AssetType, upload.ContentType, upload.Filename, cancellationToken);
        var extension = MediaTypes.ExtensionFor(contentType);
        var key = AssetKeys.File(userId, upload.ProjectName, assetId, extension);
        var metadata = new AssetMetadata
        {
            AssetId = assetId, UserId = userId, ProjectName = upload.ProjectName, AssetType = upload.AssetType, Tag = upload.Tag,
            Filename = CleanFileName(upload.Filename) ?? $"{assetId}.{extension}", R2Key = key, PublicUrl = store.GetPublicUrl(key),
            SizeBytes = upload.Content.Length - start, ContentType = contentType, CreatedAt = clock.GetUtcNow(),
            Metadata = upload.Metadata ?? new AssetProvenance(),
        };
        var metadataKey = AssetKeys.Metadata(userId, upload.ProjectName, assetId);
        using (await _locks.AcquireAsync(metadataKey, cancellationToken))
        {
            await store.PutAsync(key, upload.Content, contentType, cancellationToken: cancellationToken);
            await store.PutAsync(metadataKey, JsonSerializer.SerializeToUtf8Bytes(metadata, Json), MediaTypes.Json, cancellationToken: cancellationToken);
            // A replacement in another format (PNG then WEBP) must not leave the old file behind, readable at its old URL.
            await DeleteVariantsAsync(userId, upload.ProjectName, assetId, keep: key, cancellationToken);
        }
        return metadata;
    }

    /// <summary>The assets of one project, or of every project of the user when <paramref name="projectName"/> is null; newest first.</summary>
    public async Task<IReadOnlyList<AssetMetadata>> ListAsync(string? userId = null, string? projectName = null, AssetType? assetType = null,
        string? tag = null, CancellationToken cancellationToken = default)
    {
        userId ??= DefaultUserId;
        CheckIds(userId, projectName ?? "any", "any");
        var prefix = projectName is null ? $"{userId}/" : AssetKeys.AssetsPrefix(userId, projectName);
        var keys = new List<string>();
        await foreach (var item in store.ListAsync(prefix, cancellationToken))
        {
            if (AssetKeys.IsMetadataKey(item.Key))
            {
                keys.Add(item.Key);
            }
        }
        var found = new ConcurrentBag<AssetMetadata>();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (key, token) =>
            {
                var segments = key.Split('/');
                var metadata = await ReadMetadataAsync(segments[0], segments[1], key, token);
                if (metadata is not null && (assetType is null || metadata.AssetType == assetType) && (tag is null || metadata.Tag == tag))
                {
                    found.Add(metadata);
                }
            });
        return found.OrderByDescending(metadata => metadata.CreatedAt).ThenBy(metadata => metadata.R2Key, StringComparer.Ordinal).ToList();
    }

    public Task<AssetMetadata?> GetMetadataAsync(string? userId, string projectName, string assetId, CancellationToken cancellationToken = default)
    {
        userId ??= DefaultUserId;
        CheckIds(userId, projectName, assetId);
        return ReadMetadataAsync(userId, projectName, AssetKeys.Metadata(userId, projectName, assetId), cancellationToken);
    }

    public async Task<AssetContent?> GetAsync(string? userId, string projectName, string assetId, CancellationToken cancellationToken = default)
    {
        var metadata = await GetMetadataAsync(userId, projectName, assetId, cancellationToken);
        var stored = metadata is null ? null : await store.OpenReadAsync(metadata.R2Key, cancellationToken);
        return stored is null ? null : new AssetContent(stored, metadata!.ContentType, metadata);
    }

    /// <returns>False when there was no such asset.</returns>
    public async Task<bool> DeleteAsync(string? userId, string projectName, string assetId, CancellationToken cancellationToken = default)
    {
        userId ??= DefaultUserId;
        CheckIds(userId, projectName, assetId);
        var metadataKey = AssetKeys.Metadata(userId, projectName, assetId);
        using (await _locks.AcquireAsync(metadataKey, cancellationToken))
        {
            var metadata = await GetMetadataAsync(userId, projectName, assetId, cancellationToken);
            if (metadata is not null)
            {
                await store.DeleteAsync(metadataKey, cancellationToken);
            }
            // Every stored format of the asset, not only the one its metadata names: generated media of another
            // format (IGeneratedMediaSink writes without reading the metadata) would stay public otherwise.
            await DeleteVariantsAsync(userId, projectName, assetId, keep: null, cancellationToken);
            return metadata is not null;
        }
    }

    /// <summary>Deletes every <c>{asset_id}.{ext}</c> of the asset except <paramref name="keep"/>.</summary>
    private async Task DeleteVariantsAsync(string userId, string projectName, string assetId, string? keep, CancellationToken cancellationToken)
    {
        var variants = new List<string>();
        await foreach (var item in store.ListAsync(AssetKeys.AssetsPrefix(userId, projectName) + assetId + ".", cancellationToken))
        {
            if (item.Key != keep && AssetKeys.IsAssetFileKey(item.Key))
            {
                variants.Add(item.Key);
            }
        }
        foreach (var key in variants)
        {
            await store.DeleteAsync(key, cancellationToken);
        }
    }

    /// <summary>Removes everything stored under the project (when its drama is deleted).</summary>
    /// <returns>How many assets (metadata objects) were removed.</returns>
    public async Task<int> DeleteProjectAsync(string? userId, string projectName, CancellationToken cancellationToken = default)
    {
        userId ??= DefaultUserId;
        CheckIds(userId, projectName, "any");
        var keys = new List<string>();
        await foreach (var item in store.ListAsync(AssetKeys.ProjectPrefix(userId, projectName), cancellationToken))
        {
            keys.Add(item.Key);
        }
        var metadataKeys = keys.Where(AssetKeys.IsMetadataKey).ToList();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(metadataKeys, parallel, async (key, token) => await store.DeleteAsync(key, token));
        await Parallel.ForEachAsync(keys.Except(metadataKeys), parallel, async (key, token) => await store.DeleteAsync(key, token));
        return metadataKeys.Count;
    }

    private async Task<AssetMetadata?> ReadMetadataAsync(string userId, string projectName, string metadataKey, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(metadataKey, cancellationToken);
        if (stored is null)
        {
            return null;
        }
        try
        {
            var metadata = JsonSerializer.Deserialize<AssetMetadata>(stored.Content, Json);
            // The bytes' key must be this asset's own; never follow a metadata file elsewhere.
            if (metadata is not null && metadata.R2Key.StartsWith(AssetKeys.AssetsPrefix(userId, projectName) + metadata.AssetId + ".", StringComparison.Ordinal)
                && AssetKeys.Metadata(userId, projectName, metadata.AssetId) == metadataKey && AssetKeys.IsAssetFileKey(metadata.R2Key))
            {
                return metadata with { PublicUrl = store.GetPublicUrl(metadata.R2Key) };
            }
        }
        catch (JsonException)
        {
        }
        logger.LogWarning("Ignoring unreadable asset metadata {Key}", metadataKey);
        return null;
    }

    private static void CheckIds(string userId, string projectName, string assetId)
    {
        if (!Ids.IsValid(userId) || !Ids.IsValid(projectName) || !AssetKeys.IsValidAssetId(assetId))
        {
            throw new ArgumentException($"Invalid asset location '{userId}/{projectName}/{assetId}': ids are 1-64 letters, digits, '_' or '-'.");
        }
    }

    private static string? CleanFileName(string? fileName)
    {
        var name = Path.GetFileName(fileName?.Replace('\\', '/'))?.Trim();
        name = name is null ? null : new string(name.Where(c => !char.IsControl(c)).ToArray());
        return string.IsNullOrEmpty(name) ? null : name.Length > 255 ? name[^255..] : name;
    }
}
