using DramaGen.Configuration;
using Microsoft.Extensions.Options;

namespace DramaGen.Pacing;

/// <summary>
/// The text, image, video and speech caps (TEXT/IMAGE/VIDEO/SPEECH_MAX_CONCURRENCY), one pool each for the whole
/// service: the engine takes image, video and speech slots per node, the authoring worker text slots per job.
/// </summary>
public sealed class CapacityPools(IOptions<ProvidersOptions> options)
{
    public CapacityPool Text { get; } = new("text", options.Value.TextMaxConcurrency);
    public CapacityPool Image { get; } = new("image", options.Value.ImageMaxConcurrency);
    public CapacityPool Video { get; } = new("video", options.Value.VideoMaxConcurrency);
    public CapacityPool Speech { get; } = new("speech", options.Value.SpeechMaxConcurrency);
}
