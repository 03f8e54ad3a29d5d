namespace DramaGen.Providers;

/// <summary>
/// The one way provider-derived text (error bodies, unexpected 200s, operation errors, refusals, statuses)
/// enters a message: every configured key is masked first, then the text is made one line and cut short. In
/// that order, so a key straddling the cut cannot survive half-masked. A gateway may echo any key, not only the
/// one it was sent, so every key is masked in every provider's text.
/// </summary>
public sealed class ProviderTextScrubber
{
    public const int MaxLength = 500;
    public const string Mask = "***";

    private readonly string[] _secrets;

    public ProviderTextScrubber(IEnumerable<string> secrets)
    {
        // Longest first, so a key that contains another is masked whole; URL-escaped forms too (keys echoed in a URL).
        _secrets = [.. secrets.Where(secret => !string.IsNullOrEmpty(secret))
            .SelectMany(secret => new[] { secret, Uri.EscapeDataString(secret) })
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(secret => secret.Length)];
    }

    /// <summary>The whole text with every key masked.</summary>
    public string Scrub(string? text)
    {
        var result = text ?? "";
        foreach (var secret in _secrets)
        {
            result = result.Replace(secret, Mask, StringComparison.Ordinal);
        }
        return result;
    }

    /// <summary>A short, single-line, scrubbed start of a provider's text: enough to diagnose, never a key or a whole payload.</summary>
    public string Excerpt(string? text)
    {
        var line = Scrub(text).ReplaceLineEndings(" ").Trim();
        return line.Length == 0 ? "(empty)" : line.Length <= MaxLength ? line : line[..MaxLength] + "...";
    }
}
