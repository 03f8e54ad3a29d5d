namespace DramaGen.Generation.Timeline;

/// <summary>
/// What an episode's cut is made of, in time: the title card, then one segment per scene, each with its
/// lines and its transition to the next. Times are seconds from the start of the cut; a transition overlaps
/// its two segments, so the total is the sum of the segments less every overlap.
/// </summary>
public sealed record EpisodeTimeline(string DramaId, string EpisodeId, string Title, int Width, int Height, int FramesPerSecond,
    double DurationSeconds, IReadOnlyList<TimelineSegment> Segments)
{
    /// <summary>Every line of the episode in the order it is heard.</summary>
    public IEnumerable<PlacedLine> Lines => Segments.SelectMany(segment => segment.Lines);
}

/// <param name="Kind">title, clip, still (the storyboard held) or placeholder (a card with the scene title).</param>
/// <param name="SourceKey">The object key of the clip or storyboard; null for title and placeholder cards.</param>
/// <param name="MediaSeconds">How long the source runs on its own (a still: as long as asked).</param>
/// <param name="HoldSeconds">How long the last frame is held because the speech runs longer than the clip.</param>
/// <param name="TrimSeconds">How much of the source is cut off because the scene sets a shorter duration.</param>
/// <param name="TransitionSeconds">The overlap with the next segment (0 for a cut and for the last segment).</param>
public sealed record TimelineSegment(int Index, string Kind, string? SceneId, string Title, string? SourceKey, double Start,
    double Duration, double MediaSeconds, double HoldSeconds, double TrimSeconds, string Transition, double TransitionSeconds,
    IReadOnlyList<PlacedLine> Lines)
{
    public double End => Start + Duration;
}

public static class SegmentKinds
{
    public const string Title = "title";
    public const string Clip = "clip";
    public const string Still = "still";
    public const string Placeholder = "placeholder";
}

/// <summary>One spoken line at its place in the cut.</summary>
public sealed record PlacedLine(string SceneId, string LineId, string Speaker, string SpeakerName, string Text, double Start,
    double Duration, string? AudioKey)
{
    public double End => Start + Duration;
}
