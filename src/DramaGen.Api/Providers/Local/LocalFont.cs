using SkiaSharp;

namespace DramaGen.Providers.Local;

/// <summary>
/// The typeface local cards are lettered with. SkiaSharp here has no fontconfig, so its default typeface
/// draws nothing: a .ttf must be loaded from a file. Without one, cards are drawn without text.
/// </summary>
/// <param name="fallbackPaths">Tried in order when the configured path is empty or unreadable; <see cref="DefaultPaths"/> by default.</param>
internal sealed class LocalFont(string? configuredPath, ILogger logger, IReadOnlyList<string>? fallbackPaths = null)
{
    /// <summary>Where Debian (fonts-dejavu-core) and other distributions put DejaVu Sans.</summary>
    public static readonly string[] DefaultPaths =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    ];

    private readonly Lazy<SKTypeface?> _typeface = new(() => Load(configuredPath, fallbackPaths ?? DefaultPaths, logger));

    /// <summary>The loaded typeface, or null when no font file could be read (warned about once).</summary>
    public SKTypeface? Typeface => _typeface.Value;

    private static SKTypeface? Load(string? configuredPath, IReadOnlyList<string> fallbackPaths, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(configuredPath))
        {
            if (TryLoad(configuredPath) is { } configured) return configured;
            logger.LogWarning("LOCAL_FONT_PATH {FontPath} is not a readable font file; trying the default fonts", configuredPath);
        }
        foreach (var path in fallbackPaths)
        {
            if (TryLoad(path) is { } typeface) return typeface;
        }
        logger.LogWarning("No font file found (set LOCAL_FONT_PATH or install fonts-dejavu-core): local images are drawn without text");
        return null;
    }

    private static SKTypeface? TryLoad(string path) => File.Exists(path) ? SKTypeface.FromFile(path) : null;
}
