namespace DramaGen.Providers;

/// <summary>Prompt (+ first frame) to MP4 bytes: auditions and clips.</summary>
public interface IVideoProvider
{
    /// <summary>sora, veo or local.</summary>
    string Name { get; }

    string Model { get; }

    /// <summary>How many reference images a reference-mode clip may carry (Veo 3.1: 3 "asset" images).</summary>
    int MaxReferenceImages => int.MaxValue;

    Task<GeneratedMedia> GenerateVideoAsync(VideoRequest request, CancellationToken cancellationToken = default);
}

/// <param name="FirstFrame">Image the video starts from (a storyboard, an end frame or a portrait).</param>
/// <param name="Mode">
/// How the clip is made (<c>ClipModes</c>): text, first_frame, first_last or reference. A provider that cannot do it
/// uses the nearest mode it can, adds a <see cref="ProviderNotes"/> entry saying which and why, and answers the mode
/// used in <see cref="GeneratedMedia.Mode"/>.
/// </param>
/// <param name="LastFrame">first_last: the frame the clip ends on.</param>
/// <param name="ReferenceImages">reference: the characters' sheets, at most the provider's MaxReferenceImages.</param>
/// <param name="ExistingOperationId">
/// A provider operation submitted by an earlier attempt (e.g. before a restart): poll it instead of paying again.
/// </param>
/// <param name="OnOperationStarted">
/// Called with the provider's operation id after submission and before polling, so the caller can persist it.
/// </param>
public sealed record VideoRequest(
    string Prompt,
    int DurationSeconds,
    string AspectRatio,
    ReferenceImage? FirstFrame = null,
    string? ExistingOperationId = null,
    Func<string, CancellationToken, Task>? OnOperationStarted = null,
    string Mode = VideoModes.FirstFrame,
    ReferenceImage? LastFrame = null,
    IReadOnlyList<ReferenceImage>? ReferenceImages = null);

/// <summary>The clip modes a video request names (the drama's <c>ClipModes</c>, without a dependency on it).</summary>
public static class VideoModes
{
    public const string Text = "text";
    public const string FirstFrame = "first_frame";
    public const string FirstLast = "first_last";
    public const string Reference = "reference";

    private const string FallbackMark = ": asked mode ";

    /// <summary>Says which mode is used instead of the one asked for, and why, in the job's provider notes.</summary>
    public static string Fallback(string provider, string asked, string used, string why)
    {
        ProviderNotes.Add($"{provider}{FallbackMark}{asked}, used {used} ({why})");
        return used;
    }

    /// <summary>The note <see cref="Fallback"/> wrote among a call's provider notes, if any.</summary>
    public static string? FallbackNoteIn(IEnumerable<string> notes) => notes.FirstOrDefault(note => note.Contains(FallbackMark, StringComparison.Ordinal));
}
