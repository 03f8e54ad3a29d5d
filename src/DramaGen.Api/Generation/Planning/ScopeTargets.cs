namespace DramaGen.Generation.Planning;

/// <summary>The nodes a scope names directly; the planner adds the upstream nodes they need and lack.</summary>
public static class ScopeTargets
{
    public const string AuditionTag = "audition";

    /// <summary>Null when the scope names something the drama does not have.</summary>
    public static IReadOnlyList<int>? Resolve(DramaGraph graph, RunScope scope)
    {
        var nodes = graph.Nodes;
        switch (scope.Kind)
        {
            case ScopeKind.Drama:
                return [.. nodes.Select(node => node.Index)];
            case ScopeKind.Episode:
                return graph.Find(NodeIds.Episode(scope.EpisodeId!)) is null ? null
                    : [.. nodes.Where(node => node.EpisodeId == scope.EpisodeId).Select(node => node.Index)];
            case ScopeKind.Character:
                return graph.Find(NodeIds.Portrait(scope.CharacterId!)) is { } portrait ? [portrait.Index] : null;
            case ScopeKind.Audition:
                return graph.Find(NodeIds.Portrait(scope.CharacterId!)) is null ? null
                    : [.. nodes.Where(node => IsAudition(node) && node.CharacterId == scope.CharacterId).Select(node => node.Index)];
            case ScopeKind.Scene:
                return graph.Find(NodeIds.Storyboard(scope.EpisodeId!, scope.SceneId!)) is null ? null
                    : [.. nodes.Where(node => node.EpisodeId == scope.EpisodeId && node.SceneId == scope.SceneId).Select(node => node.Index)];
            case ScopeKind.Asset:
                var assetId = scope.EpisodeId is not null
                    ? NodeIds.SceneAsset(scope.EpisodeId, scope.SceneId!, scope.AssetId!)
                    : NodeIds.CharacterAsset(scope.CharacterId!, scope.AssetId!);
                return graph.Find(assetId) is { } asset ? [asset.Index] : null;
            default:
                // Nodes that vanished from the drama since are simply not run again.
                return [.. (scope.NodeIds ?? []).Select(graph.Find).OfType<PlanNode>().Select(node => node.Index)];
        }
    }

    public static bool IsAudition(PlanNode node) =>
        node.Kind == NodeKind.CharacterAsset && string.Equals(node.Asset?.Tag, AuditionTag, StringComparison.OrdinalIgnoreCase);
}
