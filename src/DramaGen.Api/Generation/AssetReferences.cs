using DramaGen.Storage;
using DramaGen.Storage.Assets;

namespace DramaGen.Generation;

/// <summary>
/// Resolves the reference_images of a generate body to store keys: a URL of this service's own media (a public
/// URL of the store, e.g. /files/... or R2_PUBLIC_URL/...) or the id of an asset in the owner's asset library.
/// Anything else (another site's URL, an unknown id) is refused: the service fetches nothing it does not hold.
/// </summary>
public sealed class AssetReferences(IObjectStore store, AssetLibrary library)
{
    /// <returns>The keys in order, or the problems by body path.</returns>
    public async Task<(IReadOnlyList<string> Keys, Dictionary<string, string[]> Errors)> ResolveAsync(
        IReadOnlyList<string> references, string? userId, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < references.Count; i++)
        {
            var reference = references[i]?.Trim() ?? "";
            var key = KeyOfOwnUrl(reference) ?? await LibraryKeyAsync(reference, userId, cancellationToken);
            if (key is null || await store.HeadAsync(key, cancellationToken) is null)
            {
                errors[$"reference_images[{i}]"] = ["must be a URL of this service's media or an asset-library id that exists"];
                continue;
            }
            keys.Add(key);
        }
        return (keys, errors);
    }

    private string? KeyOfOwnUrl(string reference)
    {
        const string probe = "__key__";
        var publicUrl = store.GetPublicUrl(probe);
        var prefix = publicUrl[..publicUrl.IndexOf(probe, StringComparison.Ordinal)];
        var withoutQuery = reference.Split('?', '#')[0];
        if (prefix.Length == 0 || !withoutQuery.StartsWith(prefix, StringComparison.Ordinal))
        {
            // A relative /files/ URL also names local media when PUBLIC_BASE_URL makes the public URLs absolute.
            var path = Uri.TryCreate(prefix, UriKind.Absolute, out var absolute) ? absolute.AbsolutePath : null;
            if (path is null || path.Length <= 1 || !withoutQuery.StartsWith(path, StringComparison.Ordinal))
            {
                return null;
            }
            prefix = path;
        }
        var key = Uri.UnescapeDataString(withoutQuery[prefix.Length..]);
        return ObjectKeys.IsValid(key) ? key : null;
    }

    private async Task<string?> LibraryKeyAsync(string reference, string? userId, CancellationToken cancellationToken)
    {
        if (!AssetKeys.IsValidAssetId(reference))
        {
            return null;
        }
        var assets = await library.ListAsync(userId, cancellationToken: cancellationToken);
        return assets.FirstOrDefault(asset => asset.AssetId == reference)?.R2Key;
    }
}
