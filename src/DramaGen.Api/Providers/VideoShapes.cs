using System.Globalization;

namespace DramaGen.Providers;

/// <summary>Maps our duration and aspect ratio onto what a video provider accepts.</summary>
internal static class VideoShapes
{
    /// <summary>The allowed duration closest to the request; on a tie the longer one, so a scene is not cut.</summary>
    public static int NearestDuration(int requestedSeconds, IReadOnlyList<int> allowed) =>
        allowed.OrderBy(seconds => Math.Abs(seconds - requestedSeconds)).ThenByDescending(seconds => seconds).First();

    /// <summary>
    /// The allowed duration nearest to the request (<see cref="NearestDuration"/>); when it differs, the job is
    /// told so (asked vs used, and the setting that lists what the model accepts).
    /// </summary>
    public static int AllowedDuration(string provider, int requestedSeconds, IReadOnlyList<int> allowed, string setting)
    {
        var used = NearestDuration(requestedSeconds, allowed);
        if (used != requestedSeconds)
        {
            ProviderNotes.Add($"{provider}: asked {requestedSeconds} s, used {used} s ({setting}: {string.Join(", ", allowed)})");
        }
        return used;
    }

    /// <summary>"720x1280" as (720, 1280); the settings are validated at start-up.</summary>
    public static (int Width, int Height) ParseSize(string size)
    {
        var parts = size.Split('x');
        return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
    }

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
