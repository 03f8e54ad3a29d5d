using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace DramaGen.Configuration;

/// <summary>How episodes are cut into films (the cut_{e} nodes).</summary>
public sealed class CutOptions
{
    /// <summary>Whether a run ends with one cut_{e} node per episode.</summary>
    [ConfigurationKeyName("EPISODE_CUTS")] public bool EpisodeCuts { get; set; } = true;

    /// <summary>Cuts rendering at once across the service (each is one ffmpeg process using every core).</summary>
    [ConfigurationKeyName("CUT_MAX_CONCURRENCY"), Range(1, 16)] public int MaxConcurrency { get; set; } = 1;

    /// <summary>Burn the subtitles into the picture as well as carrying them as a soft track.</summary>
    [ConfigurationKeyName("BURN_SUBTITLES")] public bool BurnSubtitles { get; set; }

    /// <summary>Short side of the cut's frame in pixels; the long side follows the drama's aspect ratio.</summary>
    [ConfigurationKeyName("CUT_SIZE"), Range(144, 2_160)] public int ShortSide { get; set; } = 720;

    [ConfigurationKeyName("CUT_FPS"), Range(1, 60)] public int FramesPerSecond { get; set; } = 24;

    [ConfigurationKeyName("CUT_TITLE_SECONDS"), Range(0.5, 30)] public double TitleSeconds { get; set; } = 2;

    [ConfigurationKeyName("CUT_TRANSITION_SECONDS"), Range(0.1, 5)] public double TransitionSeconds { get; set; } = 0.5;

    /// <summary>x264 preset of the cut: the speed/size trade of the one encode a cut makes.</summary>
    [ConfigurationKeyName("CUT_X264_PRESET"), RegularExpression("^(ultrafast|superfast|veryfast|faster|fast|medium)$")]
    public string X264Preset { get; set; } = "veryfast";
}
