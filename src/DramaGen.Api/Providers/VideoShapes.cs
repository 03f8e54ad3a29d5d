using System.Globalization;

namespace DramaGen.Providers;

/// <summary>Maps our duration and aspect ratio onto what a video provider accepts.</summary>
internal static class VideoShapes
{
    /// <summary>The allowed duration closest to the request; on a tie the longer one, so a scene is not cut.</summary>
    public static int NearestDuration(int requestedSeconds, IReadOnlyList<int> allowed) =>
        allowed.OrderBy(seconds => Math.Abs(seconds - requestedSeconds)).ThenByDescending(seconds => seconds).First();

    /// <summary>True when the ratio ("9:16") is taller than wide; unparsable ratios count as portrait, our default.</summary>
    public static bool IsPortrait(string aspectRatio) =>
        TryParse(aspectRatio, out var width, out var height) ? height > width : true;

    private static bool TryParse(string aspectRatio, out double width, out double height)
    {
        width = height = 0;
        var parts = aspectRatio.Split(':', 'x');
        return parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out width)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out height)
            && width > 0 && height > 0;
    }
}
