using DramaGen.Configuration;

namespace DramaGen.Generation.Timeline;

/// <summary>The fixed numbers a timeline is built with (from CUT_* settings and the drama's aspect ratio).</summary>
/// <param name="DefaultClipSeconds">A clip asset without a duration lasts this long (DEFAULT_VIDEO_DURATION).</param>
/// <param name="StillSeconds">A scene with no clip asset shows its storyboard at least this long.</param>
public sealed record TimelineSettings(int Width, int Height, int FramesPerSecond, double TitleSeconds, double TransitionSeconds,
    double DefaultClipSeconds, double StillSeconds)
{
    /// <summary>Silence before the first line of a scene and after each line.</summary>
    public const double LineGapSeconds = 0.3;

    /// <summary>A scene without a clip asset shows its storyboard this long when nothing is said.</summary>
    public const double DefaultStillSeconds = 4;

    public static TimelineSettings For(CutOptions cuts, string aspectRatio, int defaultClipSeconds)
    {
        var (width, height) = AspectRatios.Size(aspectRatio, cuts.ShortSide);
        // H.264 in yuv420p needs even dimensions.
        return new TimelineSettings(width & ~1, height & ~1, cuts.FramesPerSecond, cuts.TitleSeconds, cuts.TransitionSeconds,
            defaultClipSeconds, DefaultStillSeconds);
    }
}
