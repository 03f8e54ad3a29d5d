namespace DramaGen.Providers;

/// <summary>Prompt (+ reference images) to image bytes: portraits and storyboards.</summary>
public interface IImageProvider
{
    /// <summary>gemini or local.</summary>
    string Name { get; }

    /// <summary>The model and settings that shape the output; part of every node's input hash.</summary>
    string Model { get; }

    /// <summary>How many reference images one request may carry; the engine sends the most useful ones up to this.</summary>
    int MaxReferenceImages => int.MaxValue;

    Task<GeneratedMedia> GenerateImageAsync(ImageRequest request, CancellationToken cancellationToken = default);
}

/// <param name="Prompt">What to depict.</param>
/// <param name="AspectRatio">e.g. 9:16.</param>
/// <param name="ReferenceImages">Images the result must stay consistent with (character portraits).</param>
public sealed record ImageRequest(string Prompt, string AspectRatio, IReadOnlyList<ReferenceImage> ReferenceImages);

/// <param name="Label">What the image shows, e.g. the character's name.</param>
public sealed record ReferenceImage(byte[] Data, string MimeType, string? Label = null);

/// <summary>Bytes a provider made, with who made them.</summary>
/// <param name="ProviderJobId">The provider's own id for the generation, where it has one.</param>
/// <param name="Mode">Videos: the clip mode really used (<see cref="VideoModes"/>).</param>
public sealed record GeneratedMedia(byte[] Content, string ContentType, string Provider, string Model, string? ProviderJobId = null,
    string? Mode = null);
