using DramaGen.Generation.Planning;
using DramaGen.Providers;

namespace DramaGen.Generation.Inputs;

/// <summary>The image and video providers the engine uses, and their identity as it enters input hashes.</summary>
public sealed class GenerationProviders(IImageProvider image, IVideoProvider video)
{
    public const string NoProvider = "none";

    public IImageProvider Image { get; } = image;
    public IVideoProvider Video { get; } = video;

    public string NameFor(Capability capability) => capability switch
    {
        Capability.Image => Image.Name,
        Capability.Video => Video.Name,
        _ => NoProvider,
    };

    public string ModelFor(Capability capability) => capability switch
    {
        Capability.Image => Image.Model,
        Capability.Video => Video.Model,
        _ => "",
    };
}
