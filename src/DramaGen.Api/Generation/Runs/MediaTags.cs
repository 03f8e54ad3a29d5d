using DramaGen.Dramas;
using DramaGen.Generation.Planning;

namespace DramaGen.Generation.Runs;

/// <summary>The asset library's asset_type and tag of what a node makes.</summary>
public static class MediaTags
{
    public static string AssetTypeOf(PlanNode node) =>
        node.Capability is Capability.Video or Capability.Cut ? AssetTypes.Video : AssetTypes.Image;

    public static string TagOf(PlanNode node) => node.Kind switch
    {
        NodeKind.Portrait => "character",
        NodeKind.Storyboard => "storyboard",
        NodeKind.Cut => "cut",
        _ when !string.IsNullOrWhiteSpace(node.Asset?.Tag) => node.Asset!.Tag,
        NodeKind.CharacterAsset => node.Capability == Capability.Video ? "audition" : "character",
        _ => node.Capability == Capability.Video ? "clip" : "scene",
    };
}
