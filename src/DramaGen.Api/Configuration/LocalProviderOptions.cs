using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace DramaGen.Configuration;

/// <summary>Knobs of the offline providers, for benchmarks and fault tests.</summary>
public sealed class LocalProviderOptions
{
    [ConfigurationKeyName("LOCAL_TEXT_LATENCY_MS"), Range(0, 600_000)] public int TextLatencyMs { get; set; }
    [ConfigurationKeyName("LOCAL_IMAGE_LATENCY_MS"), Range(0, 600_000)] public int ImageLatencyMs { get; set; }
    [ConfigurationKeyName("LOCAL_VIDEO_LATENCY_MS"), Range(0, 600_000)] public int VideoLatencyMs { get; set; }
    /// <summary>Probability in [0, 1] that a local generation fails (deterministic per prompt).</summary>
    [ConfigurationKeyName("LOCAL_FAILURE_RATE"), Range(0.0, 1.0)] public double FailureRate { get; set; }
    /// <summary>When set, every local generation appends a line to this file (crash/resume tests count them).</summary>
    [ConfigurationKeyName("LOCAL_CALL_LOG")] public string? CallLogPath { get; set; }
    /// <summary>A .ttf used to draw text on local images; empty tries the DejaVu fonts Debian installs.</summary>
    [ConfigurationKeyName("LOCAL_FONT_PATH")] public string? FontPath { get; set; }
    [ConfigurationKeyName("FFMPEG_PATH")] public string FfmpegPath { get; set; } = "ffmpeg";
    /// <summary>The espeak-ng binary the local speech provider speaks with.</summary>
    [ConfigurationKeyName("ESPEAK_NG_PATH")] public string EspeakNgPath { get; set; } = "espeak-ng";
    /// <summary>Short side in pixels of local images and videos.</summary>
    [ConfigurationKeyName("LOCAL_MEDIA_SIZE"), Range(64, 2_160)] public int MediaShortSide { get; set; } = 360;
}
