using DramaGen.Dramas;
using DramaGen.Generation.Planning;

namespace DramaGen.Generation.Runs;

/// <summary>The asset library's asset_type and tag of what a node makes.</summary>
public static class MediaTags
{
    public static string AssetTypeOf(PlanNode node) => node.Capability switch
    {
        Capability.Video or Capability.Cut => AssetTypes.Video,
        Capability.Speech => AssetTypes.Audio,
        _ => AssetTypes.Image,
    };

    public static string TagOf(PlanNode node) => node.Kind switch
    {
        NodeKind.Portrait => "character",
        NodeKind.Storyboard => "storyboard",
        NodeKind.CharacterView => "character_view",
        NodeKind.EndFrame => "end_frame",
        NodeKind.TransitionFrame => "transition_frame",
        NodeKind.Line => "line",
        NodeKind.Cut => "cut",
        _ when !string.IsNullOrWhiteSpace(node.Asset?.Tag) => node.Asset!.Tag,
        _ when node.Capability == Capability.Speech => "speech",
        NodeKind.CharacterAsset => node.Capability == Capability.Video ? "audition" : "character",
        _ => node.Capability == Capability.Video ? "clip" : "scene",
    };
}
