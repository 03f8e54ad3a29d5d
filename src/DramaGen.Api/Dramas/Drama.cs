using System.Text.Json.Serialization;

namespace DramaGen.Dramas;

/// <summary>A short drama: its cast, its episodes and scenes, and the media generated for them.</summary>
public sealed class Drama
{
    /// <example>drama_7f3a9c2b1d4e</example>
    public string? Id { get; set; }
    /// <example>The Last Lantern</example>
    public string Title { get; set; } = "";
    /// <example>A lighthouse keeper's daughter finds a lantern that shows the future.</example>
    public string Premise { get; set; } = "";
    public string Synopsis { get; set; } = "";
    /// <example>moody cinematic, teal and amber</example>
    public string Style { get; set; } = "";
    /// <example>9:16</example>
    public string AspectRatio { get; set; } = "9:16";
    public DateTimeOffset? CreatedAt { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    /// <summary>How one scene passes to the next in a cut when the scene does not say: cut, fade, dissolve or wipe (default cut).</summary>
    /// <example>dissolve</example>
    public string? Transition { get; set; }
    /// <summary>The speech provider's voice for lines spoken by "narrator"; chosen at generation when absent.</summary>
    public string? NarratorVoice { get; set; }
    public List<Character> Characters { get; set; } = [];
    public List<Episode> Episodes { get; set; } = [];
}

public sealed class Character
{
    /// <example>c001</example>
    public string Id { get; set; } = "";
    /// <example>Mara</example>
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    /// <summary>The speech provider's voice name; chosen deterministically from its voice list when absent.</summary>
    /// <example>Kore</example>
    public string? Voice { get; set; }
    /// <summary>The generated portrait.</summary>
    public string? ImageUrl { get; set; }
    /// <summary>The character sheet: each generated view (side, full_body, ...) by name, made with the portrait as reference.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? Views { get; set; }
    public List<DramaAsset> Assets { get; set; } = [];
}

public sealed class Episode
{
    /// <example>e001</example>
    public string Id { get; set; } = "";
    public string Title { get; set; } = "";
    public string Synopsis { get; set; } = "";
    public List<Scene> Scenes { get; set; } = [];
    /// <summary>The episode's finished film (H.264 + AAC MP4 with a subtitle track), written by its cut_{e} node.</summary>
    public string? CutUrl { get; set; }
    /// <summary>A still of the cut, for the player before it starts.</summary>
    public string? PosterUrl { get; set; }
    /// <summary>Length of the cut.</summary>
    public double? DurationSeconds { get; set; }
    /// <summary>The latest partial preview (missing clips shown as storyboards or cards); not the finished cut.</summary>
    public string? PreviewUrl { get; set; }
    /// <summary>WebVTT subtitles timed to the cut (title card and transitions included).</summary>
    public string? CutSubtitlesUrl { get; set; }
    /// <summary>WebVTT subtitles of the whole episode (an SRT file lies beside it).</summary>
    public string? SubtitlesUrl { get; set; }
}

public sealed class Scene
{
    /// <example>s001</example>
    public string Id { get; set; } = "";
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public string Location { get; set; } = "";
    /// <summary>Ids of the characters who appear; their portraits are the storyboard's references.</summary>
    public List<string> Characters { get; set; } = [];
    /// <summary>The generated storyboard.</summary>
    public string? ImageUrl { get; set; }
    public List<DramaAsset> Assets { get; set; } = [];
    /// <summary>How this scene passes to the next in the cut (cut, fade, dissolve, wipe); the drama's when absent.</summary>
    public string? Transition { get; set; }
    /// <summary>When set, the scene lasts exactly this long in the cut (its clip trimmed or its last frame held).</summary>
    public double? DurationSeconds { get; set; }
    /// <summary>What is said in the scene, in order.</summary>
    public List<Line> Lines { get; set; } = [];
    /// <summary>WebVTT subtitles of the scene's lines (an SRT file lies beside it).</summary>
    public string? SubtitlesUrl { get; set; }
    /// <summary>The frame the scene ends on (scene_end_{e}_{s}); a first_last clip interpolates towards it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public EndFrame? EndFrame { get; set; }
    /// <summary>
    /// Asks for a frame bridging this scene to the next one of its episode (scene_trans_{e}_{s}). Its own field because
    /// <see cref="Transition"/> names the cut's effect.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TransitionFrame? TransitionFrame { get; set; }
    /// <summary>"previous_end": the scene's clips start from the previous scene's end frame instead of the storyboard.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StartFrom { get; set; }
}

/// <summary>A scene's last frame: made from its prompt, the scene's characters and its storyboard (so the composition carries over).</summary>
public sealed class EndFrame
{
    /// <example>Mara holds the lantern up to the window; the storm has passed.</example>
    public string Prompt { get; set; } = "";
    /// <summary>Further references: node ids (e.g. another keyframe), like an asset's dependsOn.</summary>
    public List<string> DependsOn { get; set; } = [];
    /// <summary>The generated end frame.</summary>
    public string? ImageUrl { get; set; }
}

/// <summary>A frame bridging a scene to the next one of its episode, made from both scenes' last and first frames.</summary>
public sealed class TransitionFrame
{
    /// <summary>What the bridge shows; made from both scenes when empty.</summary>
    public string Prompt { get; set; } = "";
    /// <summary>The generated transition frame.</summary>
    public string? ImageUrl { get; set; }
}

public static class SceneStarts
{
    public const string PreviousEnd = "previous_end";
}

/// <summary>How a video asset is made from the scene's frames.</summary>
public static class ClipModes
{
    /// <summary>From the prompt alone.</summary>
    public const string Text = "text";
    /// <summary>From the storyboard (or the previous scene's end frame) as first frame: the default.</summary>
    public const string FirstFrame = "first_frame";
    /// <summary>Interpolated from the first frame to the scene's end frame.</summary>
    public const string FirstLast = "first_last";
    /// <summary>The characters' sheets as reference images, no first frame.</summary>
    public const string Reference = "reference";
    public static readonly IReadOnlySet<string> All = new HashSet<string> { Text, FirstFrame, FirstLast, Reference };
}

/// <summary>One spoken line of a scene.</summary>
public sealed class Line
{
    /// <example>l001</example>
    public string Id { get; set; } = "";
    /// <summary>A character id of the scene, or "narrator".</summary>
    /// <example>c001</example>
    public string Speaker { get; set; } = "";
    /// <example>The lantern never lies.</example>
    public string Text { get; set; } = "";
    /// <summary>How it is said (passed to the speech model as instructions).</summary>
    /// <example>whispered, afraid</example>
    public string? Direction { get; set; }
    /// <summary>The spoken line (24 kHz mono WAV).</summary>
    public string? AudioUrl { get; set; }
    /// <summary>Measured length of the spoken line.</summary>
    public double? DurationSeconds { get; set; }
}

public static class Speakers
{
    public const string Narrator = "narrator";
}

/// <summary>A generated medium owned by a character or a scene.</summary>
public sealed class DramaAsset
{
    /// <example>a001</example>
    public string Id { get; set; } = "";
    /// <example>video</example>
    public string Type { get; set; } = AssetTypes.Video;
    /// <example>clip</example>
    public string Tag { get; set; } = "";
    public string Prompt { get; set; } = "";
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? DurationSeconds { get; set; }
    /// <summary>Character ids, asset ids of the same owner, or node ids (e.g. scene_asset_e001_s001_a001).</summary>
    public List<string> DependsOn { get; set; } = [];
    public string? Url { get; set; }
    /// <example>pending</example>
    public string Status { get; set; } = AssetStatuses.Pending;
    /// <summary>Videos: text, first_frame (the default), first_last or reference (<see cref="ClipModes"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Mode { get; set; }
    /// <summary>Videos: the mode the provider really used (it may lack the one asked for; the job says why).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ModeUsed { get; set; }
    /// <summary>Videos: why <see cref="ModeUsed"/> differs from the mode asked for (the provider's note); absent when it does not.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ModeNote { get; set; }
}

public static class AssetTypes
{
    public const string Image = "image";
    public const string Video = "video";
    public const string Audio = "audio";
    public const string Text = "text";
    public static readonly IReadOnlySet<string> All = new HashSet<string> { Image, Video, Audio, Text };
}

public static class AssetStatuses
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Skipped = "skipped";
    public static readonly IReadOnlySet<string> All = new HashSet<string> { Pending, Running, Completed, Failed, Skipped };
}
