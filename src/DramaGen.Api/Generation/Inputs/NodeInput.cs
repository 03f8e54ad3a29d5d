namespace DramaGen.Generation.Inputs;

/// <summary>Everything that shapes a node's output apart from its dependencies' outputs.</summary>
/// <param name="DurationSeconds">Videos only.</param>
/// <param name="Voice">Speech only: the speaker's voice.</param>
/// <param name="Direction">Speech only: how the line is said.</param>
/// <param name="ClipMode">Scene videos only, and only when not the default first_frame.</param>
public sealed record NodeInput(string Prompt, string Style, string AspectRatio, string AssetType, int? DurationSeconds,
    string Provider, string Model, string? Voice = null, string? Direction = null, string? ClipMode = null);
