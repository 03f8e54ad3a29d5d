using DramaGen.Configuration;
using DramaGen.Generation.Planning;
using DramaGen.Providers;
using Microsoft.Extensions.Options;

namespace DramaGen.Generation.Inputs;

/// <summary>The image, video and speech providers the engine uses, their identity as it enters input hashes, and the cut renderer's.</summary>
public sealed class GenerationProviders(IImageProvider image, IVideoProvider video, ISpeechProvider speech, IOptions<CutOptions> cuts)
{
    public const string NoProvider = "none";
    /// <summary>Cuts are rendered here with ffmpeg; its settings that change the film are the "model".</summary>
    public const string CutRenderer = "ffmpeg";

    public IImageProvider Image { get; } = image;
    public IVideoProvider Video { get; } = video;
    public ISpeechProvider Speech { get; } = speech;

    public string NameFor(Capability capability) => capability switch
    {
        Capability.Image => Image.Name,
        Capability.Video => Video.Name,
        Capability.Speech => Speech.Name,
        Capability.Cut => CutRenderer,
        _ => NoProvider,
    };

    public string ModelFor(Capability capability) => capability switch
    {
        Capability.Image => Image.Model,
        Capability.Video => Video.Model,
        Capability.Speech => Speech.Model,
        Capability.Cut => $"dramagen-cut-v1/{cuts.Value.X264Preset}/burn={(cuts.Value.BurnSubtitles ? 1 : 0)}",
        _ => "",
    };
}
