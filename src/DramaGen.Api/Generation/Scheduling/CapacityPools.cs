using DramaGen.Configuration;
using DramaGen.Generation.Planning;
using Microsoft.Extensions.Options;

namespace DramaGen.Generation.Scheduling;

/// <summary>The image and video caps (IMAGE_MAX_CONCURRENCY, VIDEO_MAX_CONCURRENCY), one pool each for the whole service.</summary>
public sealed class CapacityPools(IOptions<ProvidersOptions> options, SchedulerActivity activity, IOptions<CutOptions> cuts)
{
    /// <summary>Cuts share the machine's cores, not a provider's quota (CUT_MAX_CONCURRENCY).</summary>
    public CapacityPool Cut { get; } = new("cut", cuts.Value.MaxConcurrency, activity);
    public CapacityPool Image { get; } = new("image", options.Value.ImageMaxConcurrency, activity);
    public CapacityPool Video { get; } = new("video", options.Value.VideoMaxConcurrency, activity);

    public CapacityPool? For(Capability capability) => capability switch
    {
        Capability.Image => Image,
        Capability.Video => Video,
        Capability.Cut => Cut,
        _ => null,
    };
}
