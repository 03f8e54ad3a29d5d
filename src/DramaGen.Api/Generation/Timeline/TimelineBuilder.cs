using DramaGen.Dramas;

namespace DramaGen.Generation.Timeline;

/// <summary>
/// Computes an episode's timeline from the drama, what each scene shows and what is said in it. Pure: no
/// I/O, so the same drama and node state always give the same timeline, before any media exists.
/// </summary>
public static class TimelineBuilder
{
    public static EpisodeTimeline Build(Drama drama, Episode episode, ISceneMedia media, ISceneLines lines, TimelineSettings settings)
    {
        var drafts = new List<Draft>
        {
            new(SegmentKinds.Title, null, TitleOf(drama, episode), null, settings.TitleSeconds, settings.TitleSeconds, 0, 0,
                TransitionOf(drama, null), []),
        };
        foreach (var scene in (episode.Scenes ?? []).Where(scene => scene is not null))
        {
            drafts.Add(SceneDraft(drama, episode, scene, media, lines, settings));
        }

        var segments = new List<TimelineSegment>(drafts.Count);
        var start = 0.0;
        for (var i = 0; i < drafts.Count; i++)
        {
            var draft = drafts[i];
            var transition = i == drafts.Count - 1 ? Transitions.Cut : draft.Transition;
            // A transition never takes more than half of either segment, so no three segments ever overlap.
            var overlap = transition == Transitions.Cut ? 0
                : Round(Math.Min(settings.TransitionSeconds, Math.Min(draft.Duration, drafts[i + 1].Duration) / 2));
            segments.Add(new TimelineSegment(i, draft.Kind, draft.SceneId, draft.Title, draft.SourceKey, Round(start), draft.Duration,
                draft.MediaSeconds, draft.Hold, draft.Trim, transition, overlap,
                draft.Lines.Select(line => line with { Start = Round(start + line.Start) }).ToList()));
            start = Round(start + draft.Duration - overlap);
        }
        var total = segments.Count == 0 ? 0 : segments[^1].End;
        return new EpisodeTimeline(drama.Id ?? "", episode.Id, episode.Title, settings.Width, settings.Height, settings.FramesPerSecond,
            Round(total), segments);
    }

    private static Draft SceneDraft(Drama drama, Episode episode, Scene scene, ISceneMedia media, ISceneLines lines, TimelineSettings settings)
    {
        var clipAsset = (scene.Assets ?? []).FirstOrDefault(asset => asset?.Type == AssetTypes.Video);
        var clipKey = media.ClipKeyOf(episode.Id, scene);
        var stillKey = clipKey is null ? media.StillKeyOf(episode.Id, scene) : null;
        var (kind, key) = clipKey is not null ? (SegmentKinds.Clip, clipKey)
            : stillKey is not null ? (SegmentKinds.Still, stillKey)
            : (SegmentKinds.Placeholder, (string?)null);
        // The length a scene is planned at, whether or not its clip exists yet: a preview and the final cut agree.
        var mediaSeconds = clipAsset is not null ? clipAsset.DurationSeconds ?? settings.DefaultClipSeconds : settings.StillSeconds;

        var placed = new List<PlacedLine>();
        var clock = TimelineSettings.LineGapSeconds;
        foreach (var line in lines.LinesOf(drama, episode.Id, scene))
        {
            placed.Add(new PlacedLine(scene.Id, line.LineId, line.Speaker, line.SpeakerName, line.Text, Round(clock),
                Round(line.DurationSeconds), line.AudioKey));
            clock += line.DurationSeconds + TimelineSettings.LineGapSeconds;
        }
        var spoken = placed.Count == 0 ? 0 : Round(clock);

        double duration;
        if (scene.DurationSeconds is > 0 and var fixedLength)
        {
            duration = fixedLength;
            // A set duration wins over speech: lines that no longer fit are left out rather than cut mid-word.
            placed.RemoveAll(line => line.End > duration);
        }
        else
        {
            duration = Math.Max(mediaSeconds, spoken);
        }
        duration = Round(duration);
        return new Draft(kind, scene.Id, string.IsNullOrWhiteSpace(scene.Title) ? scene.Id : scene.Title, key, duration, mediaSeconds,
            Round(Math.Max(0, duration - mediaSeconds)), Round(Math.Max(0, mediaSeconds - duration)), TransitionOf(drama, scene), placed);
    }

    private static string TitleOf(Drama drama, Episode episode)
    {
        var title = string.IsNullOrWhiteSpace(episode.Title) ? episode.Id : episode.Title;
        return string.IsNullOrWhiteSpace(drama.Title) ? title : $"{drama.Title}: {title}";
    }

    private static string TransitionOf(Drama drama, Scene? scene) =>
        Transitions.IsKnown(scene?.Transition) ? scene!.Transition! : Transitions.IsKnown(drama.Transition) ? drama.Transition! : Transitions.Cut;

    // Millisecond precision: the timeline is hashed, so floating-point noise must not make a cut dirty.
    private static double Round(double seconds) => Math.Round(seconds, 3, MidpointRounding.AwayFromZero);

    private sealed record Draft(string Kind, string? SceneId, string Title, string? SourceKey, double Duration, double MediaSeconds,
        double Hold, double Trim, string Transition, List<PlacedLine> Lines);
}
