namespace DramaGen.Providers;

/// <summary>Prompt (+ first frame) to MP4 bytes: auditions and clips.</summary>
public interface IVideoProvider
{
    /// <summary>sora, veo or local.</summary>
    string Name { get; }

    string Model { get; }

    Task<GeneratedMedia> GenerateVideoAsync(VideoRequest request, CancellationToken cancellationToken = default);
}

/// <param name="FirstFrame">Image the video starts from (a storyboard or a portrait).</param>
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
    Func<string, CancellationToken, Task>? OnOperationStarted = null);
