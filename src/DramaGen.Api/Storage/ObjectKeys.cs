using System.Text;

namespace DramaGen.Storage;

/// <summary>The rules every store applies to keys, so a key valid on one store is valid on all.</summary>
public static class ObjectKeys
{
    public const int MaxKeyBytes = 1024;
    // File systems stop at 255 bytes per name, and the local store's temp file adds ~40 to it.
    public const int MaxSegmentBytes = 200;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// S3 takes almost any key, a directory does not: keys are '/'-separated segments that are not empty
    /// ("a//b" and "a/b" would be one file), not "." or "..", not dot-prefixed (the local store's temp files),
    /// free of '\' and control characters (S3 lists them in XML 1.0, which cannot carry most of them) and at
    /// most 1,024 UTF-8 bytes (S3's own limit) with segments of at most 200. A prefix may also be empty or end with '/'.
    /// </summary>
    public static void Validate(string key, bool isPrefix = false)
    {
        if (!IsValid(key, isPrefix))
        {
            throw new ArgumentException($"'{key}' is not a valid object {(isPrefix ? "prefix" : "key")}.", nameof(key));
        }
    }

    public static bool IsValid(string? key, bool isPrefix = false)
    {
        if (key is null || (key.Length == 0 && !isPrefix))
        {
            return false;
        }
        if (key.Length == 0)
        {
            return true;
        }
        if (Utf8Length(key) is not (> 0 and <= MaxKeyBytes) || key.Contains('\\') || key.Any(char.IsControl))
        {
            return false;
        }
        var segments = key.Split('/');
        var last = isPrefix && key.EndsWith('/') ? segments.Length - 1 : segments.Length;
        for (var i = 0; i < last; i++)
        {
            if (segments[i].Length == 0 || segments[i].StartsWith('.') || StrictUtf8.GetByteCount(segments[i]) > MaxSegmentBytes)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The key as a URL path: each segment percent-encoded, the separators kept.</summary>
    public static string EscapePath(string key) => string.Join('/', key.Split('/').Select(Uri.EscapeDataString));

    /// <summary>S3 lists keys in UTF-8 byte order, which differs from UTF-16 ordinal order above U+D7FF.</summary>
    public static readonly IComparer<string> Order = Comparer<string>.Create(CompareUtf8);

    private static int CompareUtf8(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }
        var left = x.EnumerateRunes();
        var right = y.EnumerateRunes();
        while (true)
        {
            var hasLeft = left.MoveNext();
            var hasRight = right.MoveNext();
            if (!hasLeft || !hasRight)
            {
                return hasLeft ? 1 : hasRight ? -1 : 0;
            }
            // Code point order is UTF-8 byte order.
            var difference = left.Current.Value.CompareTo(right.Current.Value);
            if (difference != 0)
            {
                return difference;
            }
        }
    }

    private static int? Utf8Length(string value)
    {
        try
        {
            return StrictUtf8.GetByteCount(value);
        }
        catch (EncoderFallbackException)
        {
            return null; // a lone surrogate has no UTF-8 form, so no store could hold the key
        }
    }
}
