using System.Globalization;
using System.Text;
using DramaGen.Generation.Timeline;

namespace DramaGen.Generation.Subtitles;

/// <summary>
/// WebVTT and SRT text of timed lines, the speaker's name on every cue. A line's text is data, never markup:
/// WebVTT gets &amp;, &lt; and &gt; escaped (so "&lt;/c>&lt;script>" or "-->" stay text); SRT, which has no
/// escapes and whose players read HTML-like tags, gets the angle brackets replaced by look-alikes.
/// </summary>
public static class SubtitleFormats
{
    public const string VttContentType = "text/vtt";
    public const string SrtContentType = "application/x-subrip";

    public static string WebVtt(IReadOnlyList<TimedLine> lines)
    {
        var text = new StringBuilder("WEBVTT\n");
        foreach (var line in lines)
        {
            text.Append('\n').Append(line.LineId).Append('-').Append(line.SceneId).Append('\n')
                .Append(Time(line.Start, '.')).Append(" --> ").Append(Time(line.End, '.')).Append('\n')
                .Append("<v ").Append(EscapeVtt(line.SpeakerName)).Append('>').Append(EscapeVtt(line.Text)).Append('\n');
        }
        return text.ToString();
    }

    public static string Srt(IReadOnlyList<TimedLine> lines)
    {
        var text = new StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (i > 0) text.Append('\n');
            text.Append((i + 1).ToString(CultureInfo.InvariantCulture)).Append('\n')
                .Append(Time(line.Start, ',')).Append(" --> ").Append(Time(line.End, ',')).Append('\n')
                .Append(EscapeSrt(line.SpeakerName)).Append(": ").Append(EscapeSrt(line.Text)).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>WebVTT cue text: entities for the three characters that start markup, one line (a blank line would end the cue).</summary>
    public static string EscapeVtt(string text) =>
        OneLine(text).Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    public static string EscapeSrt(string text) => OneLine(text).Replace('<', '‹').Replace('>', '›');

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();

    private static string Time(double seconds, char fraction)
    {
        var total = (long)Math.Round(seconds * 1000, MidpointRounding.AwayFromZero);
        var (h, rest) = Math.DivRem(total, 3_600_000);
        var (m, rest2) = Math.DivRem(rest, 60_000);
        var (s, ms) = Math.DivRem(rest2, 1000);
        return string.Create(CultureInfo.InvariantCulture, $"{h:D2}:{m:D2}:{s:D2}{fraction}{ms:D3}");
    }
}
