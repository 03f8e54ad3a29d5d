using DramaGen.Generation.Planning;
using DramaGen.Providers;

namespace DramaGen.Generation.Inputs;

/// <summary>The image, video and speech providers the engine uses, and their identity as it enters input hashes.</summary>
public sealed class GenerationProviders(IImageProvider image, IVideoProvider video, ISpeechProvider speech)
{
    public const string NoProvider = "none";

    public IImageProvider Image { get; } = image;
    public IVideoProvider Video { get; } = video;
    public ISpeechProvider Speech { get; } = speech;

    public string NameFor(Capability capability) => capability switch
    {
        Capability.Image => Image.Name,
        Capability.Video => Video.Name,
        Capability.Speech => Speech.Name,
        _ => NoProvider,
    };

    public string ModelFor(Capability capability) => capability switch
    {
        Capability.Image => Image.Model,
        Capability.Video => Video.Model,
        Capability.Speech => Speech.Model,
        _ => "",
    };
}
