using DramaGen.Generation.Subtitles;
using DramaGen.Generation.Timeline;

namespace DramaGen.Generation.Cuts;

/// <summary>The subtitles of a cut, timed to the cut itself (title card and transitions included).</summary>
public static class CutSubtitles
{
    public const string ContentType = SubtitleFormats.VttContentType;

    /// <summary>WebVTT of every line at its place in the cut; null when nothing is said in the episode.</summary>
    public static string? WebVtt(EpisodeTimeline timeline)
    {
        var lines = timeline.Lines.Select(line => new TimedLine(timeline.EpisodeId, line.SceneId, line.LineId, line.Speaker,
            line.SpeakerName, line.Text, line.Start, line.Duration, null, line.AudioKey)).ToList();
        return lines.Count == 0 ? null : SubtitleFormats.WebVtt(lines);
    }
}
