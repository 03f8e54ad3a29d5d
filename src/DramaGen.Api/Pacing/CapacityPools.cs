using DramaGen.Configuration;
using Microsoft.Extensions.Options;

namespace DramaGen.Pacing;

/// <summary>
/// The text, image, video and speech limits (TEXT/IMAGE/VIDEO/SPEECH_MAX_CONCURRENCY as ceilings, and the
/// TEXT/IMAGE/VIDEO/SPEECH_RPM and TEXT_TPM quotas), one pool each for the whole service: the engine takes image,
/// video and speech slots per node, the authoring worker text slots per job.
/// </summary>
public sealed class CapacityPools(IOptions<ProvidersOptions> options, IOptions<CutOptions> cuts, TimeProvider clock) : IDisposable
{
    /// <summary>Cuts share the machine's cores, not a provider's quota (CUT_MAX_CONCURRENCY).</summary>
    public CapacityPool Cut { get; } = new("cut", cuts.Value.MaxConcurrency, clock);

    public CapacityPool Text { get; } = new("text", options.Value.TextMaxConcurrency, clock, options.Value.TextRpm, options.Value.TextTpm);
    public CapacityPool Image { get; } = new("image", options.Value.ImageMaxConcurrency, clock, options.Value.ImageRpm);
    public CapacityPool Video { get; } = new("video", options.Value.VideoMaxConcurrency, clock, options.Value.VideoRpm);
    public CapacityPool Speech { get; } = new("speech", options.Value.SpeechMaxConcurrency, clock, options.Value.SpeechRpm);

    /// <summary>Every capability's pacing by name, for GET / and the parent job.</summary>
    public IReadOnlyDictionary<string, PoolState> States => new Dictionary<string, PoolState>
    {
        ["text"] = Text.State,
        ["image"] = Image.State,
        ["video"] = Video.State,
        ["speech"] = Speech.State,
    };

    /// <summary>The provider capability's pool by its name (text, image, video, speech); null for any other name.</summary>
    public CapacityPool? Find(string name) => name switch
    {
        "text" => Text,
        "image" => Image,
        "video" => Video,
        "speech" => Speech,
        _ => null,
    };

    public void Dispose()
    {
        Text.Dispose();
        Image.Dispose();
        Video.Dispose();
        Speech.Dispose();
        Cut.Dispose();
    }
}
