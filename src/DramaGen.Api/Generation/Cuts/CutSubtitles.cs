using DramaGen.Generation.Timeline;

namespace DramaGen.Generation.Cuts;

/// <summary>The subtitles of a cut, timed to the cut itself (title card and transitions included).</summary>
public static class CutSubtitles
{
    public const string ContentType = "text/vtt";

    /// <summary>Null when nothing is said in the episode.</summary>
    public static string? WebVtt(EpisodeTimeline timeline) => null;
}
