namespace DramaGen.Generation.Planning;

/// <summary>What a DAG node stands for in the drama.</summary>
public enum NodeKind
{
    /// <summary>char_{c}: a character's portrait.</summary>
    Portrait,
    /// <summary>char_asset_{c}_{a}: an asset owned by a character (e.g. an audition).</summary>
    CharacterAsset,
    /// <summary>ep_{e}: structural, nothing to generate.</summary>
    Episode,
    /// <summary>scene_{e}_{s}: a scene's storyboard.</summary>
    Storyboard,
    /// <summary>scene_asset_{e}_{s}_{a}: an asset owned by a scene (e.g. a clip).</summary>
    SceneAsset,
    /// <summary>line_{e}_{s}_{l}: one spoken line of a scene.</summary>
    Line,
    /// <summary>char_view_{c}_{view}: one view of a character's sheet (side, full_body), made from the portrait.</summary>
    CharacterView,
    /// <summary>scene_end_{e}_{s}: the frame a scene ends on.</summary>
    EndFrame,
    /// <summary>scene_trans_{e}_{s}: a frame bridging a scene to the next one of its episode.</summary>
    TransitionFrame,
    /// <summary>cut_{e}: the episode's film, cut from its scenes' clips, storyboards and lines.</summary>
    Cut,
}

/// <summary>Which provider a node needs, and therefore which concurrency cap it counts against.</summary>
public enum Capability
{
    /// <summary>Completes instantly: episodes, and asset types no provider makes (text).</summary>
    None,
    Image,
    Video,
    /// <summary>Lines and audio assets.</summary>
    Speech,
    /// <summary>Episode cuts, rendered with ffmpeg (CUT_MAX_CONCURRENCY).</summary>
    Cut,
}

public static class NodeKindNames
{
    public static string ToWire(this NodeKind kind) => kind switch
    {
        NodeKind.Portrait => "portrait",
        NodeKind.CharacterAsset => "character_asset",
        NodeKind.Episode => "episode",
        NodeKind.Storyboard => "storyboard",
        NodeKind.Line => "line",
        NodeKind.CharacterView => "character_view",
        NodeKind.EndFrame => "end_frame",
        NodeKind.TransitionFrame => "transition_frame",
        NodeKind.Cut => "cut",
        _ => "scene_asset",
    };

    public static string ToWire(this Capability capability) => capability switch
    {
        Capability.Image => "image",
        Capability.Video => "video",
        Capability.Speech => "speech",
        Capability.Cut => "cut",
        _ => "structure",
    };
}
