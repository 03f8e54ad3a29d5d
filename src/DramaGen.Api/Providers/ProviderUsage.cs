using System.Collections.Concurrent;

namespace DramaGen.Providers;

/// <summary>
/// What providers billed for the calls of one job, as they reported it: tokens a text model counted, images and
/// seconds of video returned, characters spoken. Recorded when a paid answer arrives, before our own checks of it,
/// so an answer we then refuse (and retry) still counts. Flows like <see cref="ProviderNotes"/> (AsyncLocal): the job
/// opens a collection around its provider call; a call outside a job records nothing.
/// </summary>
public sealed class ProviderUsage
{
    private static readonly AsyncLocal<ProviderUsage?> Current = new();
    private readonly ConcurrentQueue<BilledUsage> _items = new();

    /// <summary>Starts collecting for the calls that follow in this async flow (and only there).</summary>
    public static ProviderUsage Collect() => Current.Value = new ProviderUsage();

    public static void Record(BilledUsage usage)
    {
        if (usage.Quantity > 0)
        {
            Current.Value?._items.Enqueue(usage);
        }
    }

    public IReadOnlyList<BilledUsage> Items => [.. _items];
}

/// <param name="Unit">One of <see cref="UsageUnits"/>.</param>
/// <param name="Size">Pixel size ("1280x720") where the price depends on it.</param>
public sealed record BilledUsage(string Provider, string Model, string Unit, decimal Quantity, string? Size = null);

/// <summary>What a provider bills by.</summary>
public static class UsageUnits
{
    public const string InputTokens = "input_tokens";
    public const string OutputTokens = "output_tokens";
    public const string Images = "images";
    public const string VideoSeconds = "video_seconds";
    public const string Characters = "characters";
    public const string AudioSeconds = "audio_seconds";

    public static readonly IReadOnlyList<string> All = [InputTokens, OutputTokens, Images, VideoSeconds, Characters, AudioSeconds];
}
