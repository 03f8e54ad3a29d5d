using DramaGen.Configuration;
using DramaGen.Generation.Planning;
using Microsoft.Extensions.Options;

namespace DramaGen.Generation.Scheduling;

/// <summary>The image, video and speech caps (IMAGE/VIDEO/SPEECH_MAX_CONCURRENCY), one pool each for the whole service.</summary>
public sealed class CapacityPools(IOptions<ProvidersOptions> options, SchedulerActivity activity)
{
    public CapacityPool Image { get; } = new("image", options.Value.ImageMaxConcurrency, activity);
    public CapacityPool Video { get; } = new("video", options.Value.VideoMaxConcurrency, activity);
    public CapacityPool Speech { get; } = new("speech", options.Value.SpeechMaxConcurrency, activity);

    public CapacityPool? For(Capability capability) => capability switch
    {
        Capability.Image => Image,
        Capability.Video => Video,
        Capability.Speech => Speech,
        _ => null,
    };
}
