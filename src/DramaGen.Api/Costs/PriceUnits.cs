using DramaGen.Providers;

namespace DramaGen.Costs;

/// <summary>The price table's units, and which one prices a unit of billed usage.</summary>
public static class PriceUnits
{
    public const string PerImage = "per_image";
    public const string PerVideoSecond = "per_video_second";
    public const string PerMillionInputTokens = "per_million_input_tokens";
    public const string PerMillionOutputTokens = "per_million_output_tokens";
    public const string PerMillionCharacters = "per_million_characters";
    public const string PerAudioSecond = "per_audio_second";

    private static readonly string[] Sized = [PerImage, PerVideoSecond];
    private static readonly string[] Plain = [PerMillionInputTokens, PerMillionOutputTokens, PerMillionCharacters, PerAudioSecond];

    /// <summary>per_image, per_video_second (optionally _{W}x{H}) and the plain units.</summary>
    public static bool IsKnown(string unit) =>
        Plain.Contains(unit) || Sized.Any(sized => unit == sized || (unit.StartsWith(sized + "_", StringComparison.Ordinal)
            && IsSize(unit[(sized.Length + 1)..])));

    /// <summary>The price units that may price this usage, the most specific first, and what one unit of usage is of it.</summary>
    public static (string[] Units, decimal Divisor) For(BilledUsage usage) => usage.Unit switch
    {
        UsageUnits.Images => (WithSize(PerImage, usage.Size), 1m),
        UsageUnits.VideoSeconds => (WithSize(PerVideoSecond, usage.Size), 1m),
        UsageUnits.InputTokens => ([PerMillionInputTokens], 1_000_000m),
        UsageUnits.OutputTokens => ([PerMillionOutputTokens], 1_000_000m),
        UsageUnits.Characters => ([PerMillionCharacters], 1_000_000m),
        UsageUnits.AudioSeconds => ([PerAudioSecond], 1m),
        _ => ([], 1m),
    };

    private static string[] WithSize(string unit, string? size) => size is null ? [unit] : [$"{unit}_{size}", unit];

    private static bool IsSize(string text) =>
        text.Split('x') is [var width, var height] && int.TryParse(width, out var w) && int.TryParse(height, out var h) && w > 0 && h > 0;
}
