using DramaGen.Dramas;

namespace DramaGen.Generation.Timeline;

/// <summary>One spoken line placed in time, relative to the start of its scene or episode.</summary>
/// <param name="Speaker">A character id or "narrator".</param>
/// <param name="SpeakerName">What a viewer reads: the character's name, or "Narrator".</param>
/// <param name="AudioKey">The object key of the line's audio, when known (the cut reads the bytes from it).</param>
public sealed record TimedLine(string EpisodeId, string SceneId, string LineId, string Speaker, string SpeakerName, string Text,
    double Start, double Duration, string? AudioUrl, string? AudioKey)
{
    public double End => Start + Duration;
}

/// <summary>
/// When each line is said: a scene's lines one after another with a small gap, each as long as its measured
/// audio; an episode's scenes one after another, each lasting its spoken length or its clip, whichever is
/// longer. Pure: subtitles and the episode cut are built from the same times.
/// </summary>
public static class SpokenTimeline
{
    public const double GapSeconds = 0.3;

    /// <summary>Whether every line of the scene has been spoken and measured (a scene without lines is trivially timed).</summary>
    public static bool IsTimed(Scene scene) => (scene.Lines ?? []).All(line => line.DurationSeconds is > 0);

    /// <param name="audioKeyOf">The stored audio's key by node id, or null when unknown.</param>
    public static IReadOnlyList<TimedLine> OfScene(Drama drama, string episodeId, Scene scene, Func<string, string?>? audioKeyOf = null)
    {
        var names = SpeakerNames(drama);
        var timed = new List<TimedLine>();
        var clock = 0.0;
        foreach (var line in (scene.Lines ?? []).Where(line => line?.DurationSeconds is > 0))
        {
            var name = names(line.Speaker);
            timed.Add(new TimedLine(episodeId, scene.Id, line.Id, line.Speaker, name, line.Text, clock, line.DurationSeconds!.Value,
                line.AudioUrl, audioKeyOf?.Invoke(Planning.NodeIds.Line(episodeId, scene.Id, line.Id))));
            clock += line.DurationSeconds!.Value + GapSeconds;
        }
        return timed;
    }

    /// <summary>What a viewer reads for a speaker: the character's name, or "Narrator".</summary>
    public static Func<string, string> SpeakerNames(Drama drama)
    {
        var names = (drama.Characters ?? []).Where(c => c is not null).GroupBy(c => c.Id).ToDictionary(g => g.Key, g => g.First().Name);
        return speaker => speaker == Speakers.Narrator ? "Narrator" : names.GetValueOrDefault(speaker, speaker);
    }

    /// <summary>How long a scene lasts in its episode: its spoken lines (with the trailing gap) or its clip, whichever is longer.</summary>
    public static double SceneLength(Scene scene, IReadOnlyList<TimedLine> lines)
    {
        var spoken = lines.Count == 0 ? 0 : lines[^1].End + GapSeconds;
        var clip = (scene.Assets ?? []).Where(a => a?.Type == AssetTypes.Video).Select(a => a.DurationSeconds ?? 0).DefaultIfEmpty(0).Max();
        return Math.Max(spoken, clip);
    }

    public static IReadOnlyList<TimedLine> OfEpisode(Drama drama, Episode episode, Func<string, string?>? audioKeyOf = null)
    {
        var timed = new List<TimedLine>();
        var offset = 0.0;
        foreach (var scene in (episode.Scenes ?? []).Where(scene => scene is not null))
        {
            var lines = OfScene(drama, episode.Id, scene, audioKeyOf);
            timed.AddRange(lines.Select(line => line with { Start = line.Start + offset }));
            offset += SceneLength(scene, lines);
        }
        return timed;
    }
}
