using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace DramaGen.Configuration;

/// <summary>Bounds on what a client may store; a drama over them is rejected with every problem listed.</summary>
public sealed class LimitsOptions
{
    [ConfigurationKeyName("MAX_PREMISE_LENGTH"), Range(1, 1_000_000)] public int MaxPremiseLength { get; set; } = 4_000;
    [ConfigurationKeyName("MAX_TEXT_LENGTH"), Range(1, 1_000_000)] public int MaxTextLength { get; set; } = 8_000;
    [ConfigurationKeyName("MAX_CHARACTERS"), Range(1, 10_000)] public int MaxCharacters { get; set; } = 100;
    [ConfigurationKeyName("MAX_EPISODES"), Range(1, 10_000)] public int MaxEpisodes { get; set; } = 100;
    [ConfigurationKeyName("MAX_SCENES_PER_EPISODE"), Range(1, 10_000)] public int MaxScenesPerEpisode { get; set; } = 200;
    [ConfigurationKeyName("MAX_ASSETS_PER_OWNER"), Range(1, 10_000)] public int MaxAssetsPerOwner { get; set; } = 50;
    [ConfigurationKeyName("MAX_LINE_LENGTH"), Range(1, 4_096)] public int MaxLineLength { get; set; } = 500;
    [ConfigurationKeyName("MAX_LINES_PER_SCENE"), Range(1, 10_000)] public int MaxLinesPerScene { get; set; } = 60;
    [ConfigurationKeyName("MAX_REQUEST_BYTES"), Range(1_024, 1_073_741_824)] public long MaxRequestBytes { get; set; } = 8 * 1024 * 1024;
    [ConfigurationKeyName("MAX_UPLOAD_BYTES"), Range(1_024, 1_073_741_824)] public long MaxUploadBytes { get; set; } = 100 * 1024 * 1024;
}
