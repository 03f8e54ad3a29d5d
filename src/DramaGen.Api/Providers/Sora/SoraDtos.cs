namespace DramaGen.Providers.Sora;

/// <summary>A video job of the OpenAI Videos API shape: the answer to create and to every poll.</summary>
/// <param name="Seconds">The clip's length as the API writes it, a string ("8").</param>
internal sealed record SoraVideoJob(string? Id, string? Status, double? Progress, SoraError? Error, string? Seconds = null, string? Size = null);

internal sealed record SoraError(string? Code, string? Message);

internal static class SoraStatuses
{
    public const string Queued = "queued";
    public const string InProgress = "in_progress";
    public const string Completed = "completed";
    public const string Failed = "failed";
}
