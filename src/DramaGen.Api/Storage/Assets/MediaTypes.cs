using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.StaticFiles;

namespace DramaGen.Storage.Assets;

/// <summary>The media types the asset library stores, told from the bytes rather than from what a client claims.</summary>
public static class MediaTypes
{
    public const string Png = "image/png", Jpeg = "image/jpeg", Webp = "image/webp", Gif = "image/gif";
    public const string Mp4 = "video/mp4", QuickTime = "video/quicktime", Webm = "video/webm";
    public const string Mp3 = "audio/mpeg", Wav = "audio/wav", Ogg = "audio/ogg", M4a = "audio/mp4";
    public const string Text = "text/plain", Json = "application/json";

    private static readonly Dictionary<string, string> Extensions = new()
    {
        [Png] = "png", [Jpeg] = "jpg", [Webp] = "webp", [Gif] = "gif",
        [Mp4] = "mp4", [QuickTime] = "mov", [Webm] = "webm",
        [Mp3] = "mp3", [Wav] = "wav", [Ogg] = "ogg", [M4a] = "m4a",
        [Text] = "txt", [Json] = "json",
    };

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["image/jpg"] = Jpeg, ["image/pjpeg"] = Jpeg, ["audio/mp3"] = Mp3, ["audio/x-wav"] = Wav, ["audio/wave"] = Wav,
        ["audio/vnd.wave"] = Wav, ["audio/x-m4a"] = M4a, ["text/json"] = Json, ["video/ogg"] = Ogg,
    };

    /// <summary>Content types whose files this service serves; ".ogg" is audio here, not video.</summary>
    public static FileExtensionContentTypeProvider FileTypes { get; } = CreateFileTypes();

    public static IReadOnlyCollection<string> AllowedFor(AssetType type) => type switch
    {
        AssetType.Image => [Png, Jpeg, Webp, Gif],
        AssetType.Video => [Mp4, QuickTime, Webm],
        AssetType.Audio => [Mp3, Wav, Ogg, M4a],
        _ => [Text, Json],
    };

    public static string ExtensionFor(string mediaType) => Extensions[mediaType];

    /// <summary>The file extension of a known media type, or null.</summary>
    public static string? TryExtensionFor(string mediaType) => Extensions.GetValueOrDefault(mediaType);

    /// <summary>"image/JPG; q=1" becomes "image/jpeg"; null for nothing at all.</summary>
    public static string? Normalize(string? mediaType)
    {
        var bare = mediaType?.Split(';')[0].Trim().ToLowerInvariant();
        return string.IsNullOrEmpty(bare) ? null : Aliases.GetValueOrDefault(bare, bare);
    }

    /// <summary>The media type a file name's extension claims, or null when it claims none we know.</summary>
    public static string? FromFileName(string? fileName) =>
        fileName is not null && FileTypes.TryGetContentType(fileName, out var type) ? Normalize(type) : null;

    /// <summary>Bytes enough for every magic number <see cref="Sniff"/> knows.</summary>
    public const int SniffHeadBytes = 4096;

    /// <summary>
    /// What a seekable stream holds, as <see cref="Sniff"/> would say of its bytes, reading it in pieces: a magic
    /// number is told from the first <see cref="SniffHeadBytes"/>; anything else is checked as text to the end.
    /// The stream is left where it started.
    /// </summary>
    public static async Task<string?> SniffAsync(Stream content, CancellationToken cancellationToken = default)
    {
        var start = content.Position;
        var head = new byte[SniffHeadBytes];
        var length = await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        var detected = Sniff(head.AsSpan(0, length));
        if (length == head.Length && detected is null or Text or Json)
        {
            // A text head may end inside a character or a JSON value: the whole stream decides.
            content.Position = start;
            detected = await StreamedText.SniffAsync(content, cancellationToken);
        }
        content.Position = start;
        return detected;
    }

    /// <summary>What the bytes are, from their magic numbers (or as UTF-8 text); null when unknown.</summary>
    public static string? Sniff(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith(PngSignature)) return Png;
        if (content.StartsWith(JpegSignature)) return Jpeg;
        if (content.StartsWith("GIF87a"u8) || content.StartsWith("GIF89a"u8)) return Gif;
        if (content.Length >= 12 && content.StartsWith("RIFF"u8))
        {
            var form = content[8..12];
            return form.SequenceEqual("WEBP"u8) ? Webp : form.SequenceEqual("WAVE"u8) ? Wav : null;
        }
        if (content.Length >= 12 && content[4..8].SequenceEqual("ftyp"u8))
        {
            var brand = content[8..12];
            return brand.SequenceEqual("qt  "u8) ? QuickTime : brand.SequenceEqual("M4A "u8) || brand.SequenceEqual("M4B "u8) ? M4a : Mp4;
        }
        if (content.StartsWith(EbmlSignature))
        {
            // Matroska and WebM share the EBML header; the DocType says which.
            return content[..Math.Min(content.Length, 64)].IndexOf("webm"u8) >= 0 ? Webm : null;
        }
        if (content.StartsWith("OggS"u8)) return Ogg;
        if (content.StartsWith("ID3"u8) || IsMpegAudioFrame(content)) return Mp3;
        return SniffText(content);
    }

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static ReadOnlySpan<byte> JpegSignature => [0xFF, 0xD8, 0xFF];
    private static ReadOnlySpan<byte> EbmlSignature => [0x1A, 0x45, 0xDF, 0xA3];
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static bool IsMpegAudioFrame(ReadOnlySpan<byte> content) =>
        content.Length >= 4 && content[0] == 0xFF && (content[1] & 0xE0) == 0xE0 && (content[1] & 0x06) != 0
        && (content[2] & 0xF0) != 0xF0; // bitrate index 15 is invalid

    internal static string? SniffText(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith(Utf8Bom))
        {
            content = content[3..];
        }
        if (content.IsEmpty || !Utf8.IsValid(content))
        {
            return null;
        }
        foreach (var b in content)
        {
            if (b is < 0x20 and not ((byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\f') or 0x7F)
            {
                return null;
            }
        }
        var first = content.TrimStart(" \t\r\n"u8);
        return !first.IsEmpty && first[0] is (byte)'{' or (byte)'[' && IsJson(content) ? Json : Text;
    }

    private static bool IsJson(ReadOnlySpan<byte> content)
    {
        var reader = new Utf8JsonReader(content, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            while (reader.Read())
            {
            }
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static FileExtensionContentTypeProvider CreateFileTypes()
    {
        var provider = new FileExtensionContentTypeProvider();
        provider.Mappings[".ogg"] = Ogg;
        provider.Mappings[".vtt"] = "text/vtt";
        provider.Mappings[".srt"] = "application/x-subrip";
        return provider;
    }
}
