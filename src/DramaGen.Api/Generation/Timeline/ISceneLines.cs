using DramaGen.Dramas;

namespace DramaGen.Generation.Timeline;

/// <summary>A scene's spoken lines in order, with their measured lengths: where the timeline learns what is said.</summary>
public interface ISceneLines
{
    IReadOnlyList<SceneLine> LinesOf(Drama drama, string episodeId, Scene scene);
}

/// <param name="AudioKey">The object key of the spoken audio, when it exists.</param>
public sealed record SceneLine(string LineId, string Speaker, string SpeakerName, string Text, double DurationSeconds, string? AudioKey);

/// <summary>What a scene shows: its clip, else its storyboard, as object keys (null when not generated).</summary>
public interface ISceneMedia
{
    string? ClipKeyOf(string episodeId, Scene scene);

    string? StillKeyOf(string episodeId, Scene scene);
}
