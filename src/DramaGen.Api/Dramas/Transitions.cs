namespace DramaGen.Dramas;

/// <summary>The closed set of transitions between two segments, and the ffmpeg xfade effect each one is.</summary>
public static class Transitions
{
    public const string Cut = "cut";
    public const string Fade = "fade";
    public const string Dissolve = "dissolve";
    public const string Wipe = "wipe";

    public static readonly IReadOnlyList<string> All = [Cut, Fade, Dissolve, Wipe];

    public static bool IsKnown(string? name) => name is not null && All.Contains(name);

    /// <summary>The xfade transition; null for a hard cut (the segments are concatenated).</summary>
    public static string? XfadeName(string transition) => transition switch
    {
        Fade => "fadeblack",
        Dissolve => "dissolve",
        Wipe => "wipeleft",
        _ => null,
    };
}
