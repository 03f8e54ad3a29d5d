namespace DramaGen.Dramas;

/// <summary>
/// The URL fields of a drama (imageUrl, an asset's url) end up in src and href attributes of every client, so
/// they hold only http(s) URLs or this service's own absolute paths (/files/...): never javascript:, data:,
/// a protocol-relative //host or anything a browser would read as another scheme.
/// </summary>
public static class MediaUrls
{
    public const int MaxLength = 2048;
    public const string Rule = "must be an http(s) URL or a path on this service starting with '/'";

    public static bool IsAllowed(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return true;
        }
        if (url.Length > MaxLength || url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)) || url.Contains('\\'))
        {
            return false;
        }
        if (url.StartsWith('/'))
        {
            return !url.StartsWith("//", StringComparison.Ordinal);
        }
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && url.StartsWith(uri.Scheme + "://", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(uri.Host);
    }
}
