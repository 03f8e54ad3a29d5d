using DramaGen.Dramas;

namespace DramaGen.Generation.Planning;

/// <summary>
/// One node of a drama's DAG. Dependencies and dependents are kept both as ids (for display) and as
/// indexes into <see cref="DramaGraph.Nodes"/> (for the scheduler's hot path).
/// </summary>
public sealed class PlanNode
{
    internal PlanNode(int index, string id, NodeKind kind, Capability capability)
    {
        Index = index;
        Id = id;
        Kind = kind;
        Capability = capability;
    }

    /// <summary>Position in document order (characters, their assets, then episodes, scenes, scene assets).</summary>
    public int Index { get; }
    public string Id { get; }
    public NodeKind Kind { get; }
    public Capability Capability { get; }
    /// <summary>Longest path from a root, 0-based.</summary>
    public int Level { get; internal set; }

    public IReadOnlyList<string> DependsOn => _dependsOn;
    public IReadOnlyList<int> DependencyIndexes => _dependencyIndexes;
    public IReadOnlyList<int> DependentIndexes => _dependentIndexes;

    public string? CharacterId { get; internal init; }
    public string? EpisodeId { get; internal init; }
    public string? SceneId { get; internal init; }
    public string? AssetId { get; internal init; }
    /// <summary>For line nodes: the line's id in its scene.</summary>
    public string? LineId { get; internal init; }
    /// <summary>For character views: the view's name (side, full_body).</summary>
    public string? View { get; internal init; }
    /// <summary>For video assets: the clip mode asked for (<see cref="ClipModes"/>).</summary>
    public string? ClipMode { get; internal set; }
    /// <summary>For scene videos: the node whose image is the first frame (storyboard or the previous scene's end frame).</summary>
    public int? FirstFrameIndex { get; internal set; }
    /// <summary>For first_last scene videos: the scene's end frame node.</summary>
    public int? LastFrameIndex { get; internal set; }
    /// <summary>For assets: image, video, audio or text.</summary>
    public string? AssetType { get; internal init; }
    /// <summary>For asset nodes: the drama's asset record (read only during planning and prompting).</summary>
    internal DramaAsset? Asset { get; init; }
    /// <summary>For line nodes: the drama's line record (read only during planning and prompting).</summary>
    internal Line? Line { get; init; }

    public bool IsAsset => Kind is NodeKind.CharacterAsset or NodeKind.SceneAsset;

    private readonly List<string> _dependsOn = [];
    private readonly List<int> _dependencyIndexes = [];
    private readonly List<int> _dependentIndexes = [];

    internal bool AddDependency(PlanNode dependency)
    {
        if (_dependencyIndexes.Contains(dependency.Index))
        {
            return false;
        }
        _dependsOn.Add(dependency.Id);
        _dependencyIndexes.Add(dependency.Index);
        dependency._dependentIndexes.Add(Index);
        return true;
    }

    public override string ToString() => Id;
}
