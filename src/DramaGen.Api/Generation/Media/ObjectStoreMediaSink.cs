using System.Text.Json;
using DramaGen.Storage;

namespace DramaGen.Generation.Media;

/// <summary>
/// Writes {user_id}/{project_name}/assets/{asset_id}.{ext} and its _metadata.json straight to the object
/// store. The bytes go first, so metadata never points at a missing file.
/// </summary>
public sealed class ObjectStoreMediaSink(IObjectStore store, TimeProvider clock) : IGeneratedMediaSink
{
    public const string Source = "ai_generation";

    public static string FolderOf(string userId, string projectName) => $"{userId}/{projectName}/assets/";

    public async Task<SavedMedia> SaveAsync(MediaToSave media, CancellationToken cancellationToken = default)
    {
        var folder = FolderOf(media.UserId, media.ProjectName);
        var filename = $"{media.AssetId}.{ExtensionOf(media.ContentType)}";
        var key = folder + filename;
        await store.PutAsync(key, media.Content, media.ContentType, cancellationToken: cancellationToken);
        var url = store.GetPublicUrl(key);
        var details = new Dictionary<string, string>
        {
            ["job_id"] = media.JobId,
            ["prompt"] = media.Prompt,
            ["source"] = Source,
        };
        foreach (var (name, value) in media.Extra ?? new Dictionary<string, string>())
        {
            details.TryAdd(name, value);
        }
        var metadata = new GeneratedAssetMetadata
        {
            AssetId = media.AssetId,
            UserId = media.UserId,
            ProjectName = media.ProjectName,
            AssetType = media.AssetType,
            Tag = media.Tag,
            Filename = filename,
            R2Key = key,
            PublicUrl = url,
            SizeBytes = media.Content.Length,
            ContentType = media.ContentType,
            CreatedAt = clock.GetUtcNow(),
            Metadata = details,
        };
        await store.PutAsync($"{folder}{media.AssetId}_metadata.json", JsonSerializer.SerializeToUtf8Bytes(metadata),
            "application/json", cancellationToken: cancellationToken);
        return new SavedMedia(key, url, media.Content.Length);
    }

    public static string ExtensionOf(string contentType) => contentType.Split(';')[0].Trim().ToLowerInvariant() switch
    {
        "image/png" => "png",
        "image/jpeg" => "jpg",
        "image/webp" => "webp",
        "image/gif" => "gif",
        "video/mp4" => "mp4",
        "video/webm" => "webm",
        "video/quicktime" => "mov",
        "audio/mpeg" => "mp3",
        "audio/wav" or "audio/x-wav" => "wav",
        _ => "bin",
    };
}
