using DramaGen.Configuration;
using DramaGen.Generation.Planning;
using Microsoft.Extensions.Options;

namespace DramaGen.Generation.Scheduling;

/// <summary>The image, video and speech caps (IMAGE/VIDEO/SPEECH_MAX_CONCURRENCY) and the cut cap (CUT_MAX_CONCURRENCY), one pool each for the whole service.</summary>
public sealed class CapacityPools(IOptions<ProvidersOptions> options, SchedulerActivity activity, IOptions<CutOptions> cuts)
{
    /// <summary>Cuts share the machine's cores, not a provider's quota (CUT_MAX_CONCURRENCY).</summary>
    public CapacityPool Cut { get; } = new("cut", cuts.Value.MaxConcurrency, activity);
    public CapacityPool Image { get; } = new("image", options.Value.ImageMaxConcurrency, activity);
    public CapacityPool Video { get; } = new("video", options.Value.VideoMaxConcurrency, activity);
    public CapacityPool Speech { get; } = new("speech", options.Value.SpeechMaxConcurrency, activity);

    public CapacityPool? For(Capability capability) => capability switch
    {
        Capability.Image => Image,
        Capability.Video => Video,
        Capability.Speech => Speech,
        Capability.Cut => Cut,
        _ => null,
    };
}
