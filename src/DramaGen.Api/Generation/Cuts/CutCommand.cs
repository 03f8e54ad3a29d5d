using System.Globalization;
using System.Text;
using DramaGen.Dramas;
using DramaGen.Generation.Timeline;

namespace DramaGen.Generation.Cuts;

/// <summary>
/// The ffmpeg argument list that renders an episode's timeline in one pass: every input decoded once,
/// conformed to one frame size, rate and pixel format, joined with xfade/acrossfade (or concatenated at a
/// cut), speech placed at its timeline times over the clips' own sound (ducked under it by a sidechain
/// compressor), loudness normalised to -16 LUFS, and encoded once to H.264 + AAC with a mov_text
/// subtitle track and +faststart. An argument list, never a shell string.
/// </summary>
public static class CutCommand
{
    public const int SampleRate = 48_000;
    public const double TargetLufs = -16;

    /// <param name="preset">x264 preset (CUT_X264_PRESET).</param>
    public static IReadOnlyList<string> Render(EpisodeTimeline timeline, CutInputs inputs, string output, bool burnSubtitles, string preset)
    {
        var arguments = new List<string> { "-nostdin", "-hide_banner", "-loglevel", "error", "-y" };
        var filters = new List<string>();
        var inputIndex = 0;
        var (width, height, fps) = (timeline.Width, timeline.Height, timeline.FramesPerSecond);

        var videoLabels = new List<string>();
        var audioLabels = new List<string>();
        foreach (var segment in timeline.Segments)
        {
            var file = inputs.Segments.TryGetValue(segment.Index, out var found) ? found
                : throw new ArgumentException($"no file for segment {segment.Index}", nameof(inputs));
            var duration = N(segment.Duration);
            if (file.IsVideo)
            {
                arguments.AddRange(["-i", file.Path]);
            }
            else
            {
                arguments.AddRange(["-loop", "1", "-framerate", N(fps), "-t", duration, "-i", file.Path]);
            }
            // Padded with its last frame (a hold, or a clip shorter than promised), then cut to the exact length (a trim).
            filters.Add($"[{inputIndex}:v]scale={width}:{height}:force_original_aspect_ratio=increase,crop={width}:{height},setsar=1,"
                + $"fps={fps},format=yuv420p,tpad=stop_mode=clone:stop_duration={duration},trim=duration={duration},setpts=PTS-STARTPTS[v{segment.Index}]");
            filters.Add(file.IsVideo && file.HasAudio
                ? $"[{inputIndex}:a]{Conform},apad,atrim=duration={duration},asetpts=PTS-STARTPTS[a{segment.Index}]"
                : $"anullsrc=r={SampleRate}:cl=stereo,atrim=duration={duration}[a{segment.Index}]");
            videoLabels.Add($"v{segment.Index}");
            audioLabels.Add($"a{segment.Index}");
            inputIndex++;
        }

        var (video, bed) = Join(timeline, filters);

        var lines = timeline.Lines.Where(line => inputs.LineAudio.ContainsKey(line.LineId)).ToList();
        foreach (var line in lines)
        {
            arguments.AddRange(["-i", inputs.LineAudio[line.LineId]]);
            var delay = ((long)Math.Round(line.Start * 1000)).ToString(CultureInfo.InvariantCulture);
            filters.Add($"[{inputIndex}:a]{Conform},adelay=delays={delay}:all=1[s{inputIndex}]");
            inputIndex++;
        }
        string mixed;
        if (lines.Count == 0)
        {
            mixed = bed;
        }
        else
        {
            var speechInputs = string.Concat(Enumerable.Range(inputIndex - lines.Count, lines.Count).Select(i => $"[s{i}]"));
            filters.Add($"{speechInputs}amix=inputs={lines.Count}:normalize=0:duration=longest,apad,atrim=duration={N(timeline.DurationSeconds)},asplit=2[speech][key]");
            // The clips' own sound drops by up to ~18 dB while someone speaks and comes back a quarter second after.
            filters.Add($"[{bed}][key]sidechaincompress=threshold=0.02:ratio=8:attack=10:release=250[ducked]");
            filters.Add("[ducked][speech]amix=inputs=2:normalize=0:duration=first[mixed]");
            mixed = "mixed";
        }
        filters.Add($"[{mixed}]loudnorm=I={N(TargetLufs)}:TP=-1.5:LRA=11,aresample={SampleRate}[aout]");

        var finalVideo = video;
        if (burnSubtitles && inputs.Subtitles is not null)
        {
            filters.Add($"[{video}]subtitles=filename={FilterPath(inputs.Subtitles)}[vsub]");
            finalVideo = "vsub";
        }

        var subtitleInput = -1;
        if (inputs.Subtitles is not null)
        {
            arguments.AddRange(["-i", inputs.Subtitles]);
            subtitleInput = inputIndex++;
        }
        arguments.AddRange(["-filter_complex", string.Join(";", filters)]);
        arguments.AddRange(["-map", $"[{finalVideo}]", "-map", "[aout]"]);
        if (subtitleInput >= 0)
        {
            arguments.AddRange(["-map", $"{subtitleInput}:s", "-c:s", "mov_text", "-metadata:s:s:0", "language=und"]);
        }
        arguments.AddRange([
            "-c:v", "libx264", "-preset", preset, "-crf", "23", "-pix_fmt", "yuv420p", "-r", N(fps),
            "-c:a", "aac", "-b:a", "128k", "-ar", N(SampleRate), "-ac", "2",
            "-t", N(timeline.DurationSeconds), "-movflags", "+faststart", output,
        ]);
        return arguments;
    }

    /// <summary>One JPEG frame of the cut at <paramref name="atSeconds"/>.</summary>
    public static IReadOnlyList<string> Poster(string cut, double atSeconds, string output) =>
        ["-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-ss", N(atSeconds), "-i", cut, "-frames:v", "1", "-q:v", "3", output];

    /// <summary>Exits non-zero when the file has no audio stream: whether a clip's own sound can be mixed.</summary>
    public static IReadOnlyList<string> AudioProbe(string file) =>
        ["-nostdin", "-hide_banner", "-loglevel", "error", "-i", file, "-map", "0:a:0", "-t", "0.05", "-f", "null", "-"];

    private const string Conform = "aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo";

    /// <summary>Joins the conformed segments in order; a transition overlaps two segments by its length.</summary>
    private static (string Video, string Audio) Join(EpisodeTimeline timeline, List<string> filters)
    {
        var segments = timeline.Segments;
        var (video, audio) = ($"v{segments[0].Index}", $"a{segments[0].Index}");
        for (var i = 1; i < segments.Count; i++)
        {
            var previous = segments[i - 1];
            var next = segments[i];
            var (joinedVideo, joinedAudio) = ($"jv{i}", $"ja{i}");
            if (Transitions.XfadeName(previous.Transition) is { } effect && previous.TransitionSeconds > 0)
            {
                filters.Add($"[{video}][v{next.Index}]xfade=transition={effect}:duration={N(previous.TransitionSeconds)}:offset={N(next.Start)}[{joinedVideo}]");
                filters.Add($"[{audio}][a{next.Index}]acrossfade=d={N(previous.TransitionSeconds)}[{joinedAudio}]");
            }
            else
            {
                filters.Add($"[{video}][v{next.Index}]concat=n=2:v=1:a=0[{joinedVideo}]");
                filters.Add($"[{audio}][a{next.Index}]concat=n=2:v=0:a=1[{joinedAudio}]");
            }
            (video, audio) = (joinedVideo, joinedAudio);
        }
        return (video, audio);
    }

    /// <summary>A path as a filter option value: the characters filter syntax gives meaning to are escaped.</summary>
    internal static string FilterPath(string path)
    {
        var escaped = new StringBuilder();
        foreach (var c in path)
        {
            if (c is '\\' or ':' or '\'' or ',' or ';' or '[' or ']' or '=') escaped.Append('\\');
            escaped.Append(c);
        }
        // Twice: once for the option parser, once for the filter graph parser.
        return escaped.ToString().Replace("\\", "\\\\");
    }

    private static string N(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
