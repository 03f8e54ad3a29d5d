namespace DramaGen.Storage.Assets;

/// <summary>
/// Decides an asset's media type from its bytes and refuses bytes that contradict the asset type, the
/// declared content type or the file name's extension (a ".png" that is really text).
/// </summary>
public static class AssetContentRules
{
    // Media types a client can honestly confuse: MP4 and QuickTime share one container format.
    private static readonly HashSet<(string, string)> Interchangeable =
    [
        (MediaTypes.Mp4, MediaTypes.QuickTime), (MediaTypes.QuickTime, MediaTypes.Mp4),
        (MediaTypes.Mp4, MediaTypes.M4a), (MediaTypes.M4a, MediaTypes.Mp4),
    ];

    /// <returns>The media type to store the asset with.</returns>
    /// <exception cref="AssetRejectedException">The bytes are unknown, of another asset type, or not what was claimed.</exception>
    public static string Resolve(ReadOnlySpan<byte> content, AssetType assetType, string? declaredContentType, string? fileName) =>
        Decide(content.IsEmpty, content.IsEmpty ? null : MediaTypes.Sniff(content), assetType, declaredContentType, fileName);

    /// <summary>As <see cref="Resolve"/>, for a seekable stream read in pieces from its position (where it is left).</summary>
    public static async Task<string> ResolveAsync(Stream content, AssetType assetType, string? declaredContentType, string? fileName,
        CancellationToken cancellationToken = default)
    {
        var empty = content.Length == content.Position;
        return Decide(empty, empty ? null : await MediaTypes.SniffAsync(content, cancellationToken), assetType, declaredContentType, fileName);
    }

    private static string Decide(bool empty, string? detected, AssetType assetType, string? declaredContentType, string? fileName)
    {
        if (empty)
        {
            throw new AssetRejectedException("The file is empty.");
        }
        if (detected is null)
        {
            throw new AssetRejectedException($"The bytes are not a supported {assetType.Name()} format ({string.Join(", ", MediaTypes.AllowedFor(assetType))}).");
        }
        // An .m4a is an MP4 file; as audio it is audio/mp4.
        if (assetType == AssetType.Audio && detected == MediaTypes.Mp4)
        {
            detected = MediaTypes.M4a;
        }
        if (!MediaTypes.AllowedFor(assetType).Contains(detected))
        {
            throw new AssetRejectedException($"The bytes are {detected}, which is not an allowed {assetType.Name()} type ({string.Join(", ", MediaTypes.AllowedFor(assetType))}).");
        }
        CheckClaim(detected, MediaTypes.Normalize(declaredContentType), "the declared content type");
        CheckClaim(detected, MediaTypes.FromFileName(fileName), $"the file name '{Path.GetFileName(fileName)}'");
        return detected;
    }

    private static void CheckClaim(string detected, string? claimed, string source)
    {
        if (claimed is null or "application/octet-stream" or "binary/octet-stream" || claimed == detected
            || Interchangeable.Contains((claimed, detected))
            // Any text/* claim fits plain text, and JSON is text.
            || claimed.StartsWith("text/", StringComparison.Ordinal) && detected is MediaTypes.Text or MediaTypes.Json)
        {
            return;
        }
        throw new AssetRejectedException($"The bytes are {detected}, but {source} says {claimed}.");
    }
}
