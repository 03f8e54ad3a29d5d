using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace DramaGen.Configuration;

/// <summary>
/// Which generator runs for text, image and video, and how to reach it. "auto" picks the real client
/// when its key is set and the local provider otherwise.
/// </summary>
public sealed class ProvidersOptions
{
    [ConfigurationKeyName("TEXT_PROVIDER"), RegularExpression("^(auto|openai|local)$", ErrorMessage = "TEXT_PROVIDER must be auto, openai or local.")]
    public string TextProvider { get; set; } = "auto";

    [ConfigurationKeyName("IMAGE_PROVIDER"), RegularExpression("^(auto|gemini|local)$", ErrorMessage = "IMAGE_PROVIDER must be auto, gemini or local.")]
    public string ImageProvider { get; set; } = "auto";

    [ConfigurationKeyName("VIDEO_PROVIDER"), RegularExpression("^(auto|sora|veo|local)$", ErrorMessage = "VIDEO_PROVIDER must be auto, sora, veo or local.")]
    public string VideoProvider { get; set; } = "auto";

    [ConfigurationKeyName("SPEECH_PROVIDER"), RegularExpression("^(auto|openai|gemini|local)$", ErrorMessage = "SPEECH_PROVIDER must be auto, openai, gemini or local.")]
    public string SpeechProvider { get; set; } = "auto";

    [ConfigurationKeyName("OPENAI_API_KEY")] public string? OpenAIApiKey { get; set; }
    /// <summary>An OpenAI-compatible endpoint; empty is api.openai.com.</summary>
    [ConfigurationKeyName("OPENAI_API_BASE")] public string? OpenAIApiBase { get; set; }
    [ConfigurationKeyName("GPT_MODEL")] public string GptModel { get; set; } = "gpt-5";
    [ConfigurationKeyName("OPENAI_TTS_MODEL")] public string OpenAITtsModel { get; set; } = "gpt-4o-mini-tts";
    [ConfigurationKeyName("GPT_MAX_OUTPUT_TOKENS"), Range(256, 1_000_000)] public int GptMaxOutputTokens { get; set; } = 16_000;

    [ConfigurationKeyName("GEMINI_API_KEY")] public string? GeminiApiKey { get; set; }
    [ConfigurationKeyName("GEMINI_API_BASE")] public string GeminiApiBase { get; set; } = "https://generativelanguage.googleapis.com";
    [ConfigurationKeyName("GEMINI_IMAGE_MODEL")] public string GeminiImageModel { get; set; } = "gemini-2.5-flash-image";
    [ConfigurationKeyName("GEMINI_TTS_MODEL")] public string GeminiTtsModel { get; set; } = "gemini-2.5-flash-preview-tts";
    [ConfigurationKeyName("VEO_MODEL")] public string VeoModel { get; set; } = "veo-3.1-fast-generate-preview";
    /// <summary>Inline images one Gemini image request carries (portrait, views, storyboard); the rest are left out.</summary>
    [ConfigurationKeyName("GEMINI_MAX_REFERENCE_IMAGES"), Range(0, 14)] public int GeminiMaxReferenceImages { get; set; } = 3;
    /// <summary>Veo 3.1 takes at most 3 "asset" reference images.</summary>
    [ConfigurationKeyName("VEO_MAX_REFERENCE_IMAGES"), Range(0, 3)] public int VeoMaxReferenceImages { get; set; } = 3;

    [ConfigurationKeyName("SORA_API_KEY")] public string? SoraApiKey { get; set; }
    /// <summary>No default: OpenAI shut its own Sora API down on 2026-09-24, so only a gateway can answer.</summary>
    [ConfigurationKeyName("SORA_API_BASE")] public string? SoraApiBase { get; set; }
    [ConfigurationKeyName("SORA_MODEL")] public string SoraModel { get; set; } = "sora-2";

    /// <summary>Clip lengths each video model accepts (comma-separated seconds); a request snaps to the nearest.</summary>
    [ConfigurationKeyName("VEO_DURATIONS"), RegularExpression(DurationList, ErrorMessage = "VEO_DURATIONS must be comma-separated seconds, e.g. 4,6,8.")]
    public string VeoDurations { get; set; } = "4,6,8";
    [ConfigurationKeyName("SORA_DURATIONS"), RegularExpression(DurationList, ErrorMessage = "SORA_DURATIONS must be comma-separated seconds, e.g. 4,8,12.")]
    public string SoraDurations { get; set; } = "4,8,12";
    /// <summary>Sora's frame sizes; a first frame is cropped to exactly this size, since Sora refuses any other.</summary>
    [ConfigurationKeyName("SORA_PORTRAIT_SIZE"), RegularExpression(FrameSize, ErrorMessage = "SORA_PORTRAIT_SIZE must be WIDTHxHEIGHT, e.g. 720x1280.")]
    public string SoraPortraitSize { get; set; } = "720x1280";
    [ConfigurationKeyName("SORA_LANDSCAPE_SIZE"), RegularExpression(FrameSize, ErrorMessage = "SORA_LANDSCAPE_SIZE must be WIDTHxHEIGHT, e.g. 1280x720.")]
    public string SoraLandscapeSize { get; set; } = "1280x720";

    private const string DurationList = @"^\s*[1-9][0-9]{0,2}(\s*,\s*[1-9][0-9]{0,2})*\s*$";
    private const string FrameSize = "^[1-9][0-9]{1,4}x[1-9][0-9]{1,4}$";

    public IReadOnlyList<int> VeoDurationList => ParseDurations(VeoDurations);
    public IReadOnlyList<int> SoraDurationList => ParseDurations(SoraDurations);

    /// <summary>Retries after the first attempt, for 429, 5xx and timeouts.</summary>
    [ConfigurationKeyName("MAX_RETRIES"), Range(0, 10)] public int MaxRetries { get; set; } = 2;
    [ConfigurationKeyName("RETRY_BASE_DELAY_MS"), Range(0, 60_000)] public int RetryBaseDelayMs { get; set; } = 2_000;
    [ConfigurationKeyName("REQUEST_TIMEOUT_SECONDS"), Range(1, 3_600)] public int RequestTimeoutSeconds { get; set; } = 120;
    [ConfigurationKeyName("VIDEO_POLL_INTERVAL_SECONDS"), Range(0, 600)] public double VideoPollIntervalSeconds { get; set; } = 10;
    [ConfigurationKeyName("VIDEO_POLL_TIMEOUT_SECONDS"), Range(1, 86_400)] public int VideoPollTimeoutSeconds { get; set; } = 600;

    [ConfigurationKeyName("TEXT_MAX_CONCURRENCY"), Range(1, 1_000)] public int TextMaxConcurrency { get; set; } = 4;
    [ConfigurationKeyName("IMAGE_MAX_CONCURRENCY"), Range(1, 1_000)] public int ImageMaxConcurrency { get; set; } = 4;
    [ConfigurationKeyName("VIDEO_MAX_CONCURRENCY"), Range(1, 1_000)] public int VideoMaxConcurrency { get; set; } = 2;
    [ConfigurationKeyName("SPEECH_MAX_CONCURRENCY"), Range(1, 1_000)] public int SpeechMaxConcurrency { get; set; } = 4;

    // Provider quotas, shared by every run in the process; 0 means the provider sets no quota we know of.
    [ConfigurationKeyName("TEXT_RPM"), Range(0, 1_000_000)] public int TextRpm { get; set; }
    [ConfigurationKeyName("IMAGE_RPM"), Range(0, 1_000_000)] public int ImageRpm { get; set; }
    [ConfigurationKeyName("VIDEO_RPM"), Range(0, 1_000_000)] public int VideoRpm { get; set; }
    [ConfigurationKeyName("SPEECH_RPM"), Range(0, 1_000_000)] public int SpeechRpm { get; set; }
    /// <summary>Text tokens per minute, prompt and answer together (estimated before the call).</summary>
    [ConfigurationKeyName("TEXT_TPM"), Range(0, 100_000_000)] public int TextTpm { get; set; }

    /// <summary>Every provider key: scrubbed from any text a provider sends back, whichever provider sent it.</summary>
    public IReadOnlyList<string> Secrets => [.. new[] { OpenAIApiKey, GeminiApiKey, SoraApiKey }.Where(key => !string.IsNullOrEmpty(key)).Select(key => key!)];

    public string ResolvedTextProvider => TextChoice.Provider;
    public string ResolvedImageProvider => ImageChoice.Provider;
    public string ResolvedVideoProvider => VideoChoice.Provider;
    public string ResolvedSpeechProvider => SpeechChoice.Provider;

    public ProviderChoice TextChoice => Resolve("TEXT_PROVIDER", TextProvider, "openai", "OPENAI_API_KEY", OpenAIApiKey);
    public ProviderChoice ImageChoice => Resolve("IMAGE_PROVIDER", ImageProvider, "gemini", "GEMINI_API_KEY", GeminiApiKey);

    /// <summary>
    /// Auto keeps Sora when SORA_API_KEY is set, even with GEMINI_API_KEY too, as the Python service did:
    /// an upgrade must not silently move paid video to another provider.
    /// </summary>
    public ProviderChoice VideoChoice =>
        VideoProvider != "auto" ? new(VideoProvider, $"VIDEO_PROVIDER={VideoProvider}")
        : HasSoraKey && !string.IsNullOrWhiteSpace(GeminiApiKey)
            ? new("sora", "auto: SORA_API_KEY is set (kept over Veo although GEMINI_API_KEY is set too, as the Python service did)")
        : HasSoraKey ? new("sora", "auto: SORA_API_KEY is set")
        : !string.IsNullOrWhiteSpace(GeminiApiKey) ? new("veo", "auto: GEMINI_API_KEY is set")
        : new("local", "auto: neither SORA_API_KEY nor GEMINI_API_KEY is set");

    /// <summary>auto: OpenAI with its key, else Gemini with its key, else the local espeak-ng voices.</summary>
    public ProviderChoice SpeechChoice =>
        SpeechProvider != "auto" ? new(SpeechProvider, $"SPEECH_PROVIDER={SpeechProvider}")
        : !string.IsNullOrWhiteSpace(OpenAIApiKey) ? new("openai", "auto: OPENAI_API_KEY is set")
        : !string.IsNullOrWhiteSpace(GeminiApiKey) ? new("gemini", "auto: GEMINI_API_KEY is set")
        : new("local", "auto: neither OPENAI_API_KEY nor GEMINI_API_KEY is set");

    private bool HasSoraKey => !string.IsNullOrWhiteSpace(SoraApiKey);

    private static ProviderChoice Resolve(string variable, string choice, string real, string keyVariable, string? key) =>
        choice != "auto" ? new(choice, $"{variable}={choice}")
        : string.IsNullOrWhiteSpace(key) ? new("local", $"auto: {keyVariable} is not set")
        : new(real, $"auto: {keyVariable} is set");

    private static int[] ParseDurations(string list) =>
        [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse)];
}

/// <summary>The provider serving one capability and the setting that chose it (shown by GET / and the start-up log).</summary>
public sealed record ProviderChoice(string Provider, string Reason);
