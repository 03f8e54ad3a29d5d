using DramaGen.Dramas;
using DramaGen.Generation.Timeline;
using DramaGen.Generation.State;

namespace DramaGen.Generation.Cuts;

/// <summary>
/// A scene's spoken lines from the drama and the speech nodes' state. Until scenes carry lines, a scene
/// says nothing and its segment lasts as long as its picture.
/// </summary>
public sealed class StateSceneLines(DramaState state) : ISceneLines
{
    private readonly DramaState _state = state;

    public IReadOnlyList<SceneLine> LinesOf(Drama drama, string episodeId, Scene scene) => [];
}
