using DramaGen.Dramas;
using DramaGen.Generation.Planning;
using DramaGen.Generation.State;
using DramaGen.Generation.Timeline;

namespace DramaGen.Generation.Cuts;

/// <summary>
/// A scene's lines from the drama, each with the audio and measured length its line_{e}_{s}_{l} node recorded.
/// The node state, not the drama, is read for both: it is what the cut's input hash covers, and the drama's
/// copy is written back in batches. A line not spoken yet is left out (a preview shows what exists).
/// </summary>
public sealed class StateSceneLines(DramaState state) : ISceneLines
{
    public IReadOnlyList<SceneLine> LinesOf(Drama drama, string episodeId, Scene scene)
    {
        var names = SpokenTimeline.SpeakerNames(drama);
        var lines = new List<SceneLine>();
        foreach (var line in (scene.Lines ?? []).Where(line => line is not null))
        {
            if (state.Get(NodeIds.Line(episodeId, scene.Id, line.Id)) is { OutputKey: { } key, DurationSeconds: > 0 and var seconds })
            {
                lines.Add(new SceneLine(line.Id, line.Speaker, names(line.Speaker), line.Text, seconds, key));
            }
        }
        return lines;
    }
}
