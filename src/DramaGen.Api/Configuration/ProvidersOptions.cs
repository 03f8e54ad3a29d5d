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

    [ConfigurationKeyName("SORA_API_KEY")] public string? SoraApiKey { get; set; }
    [ConfigurationKeyName("SORA_API_BASE")] public string SoraApiBase { get; set; } = "https://api.openai.com";
    [ConfigurationKeyName("SORA_MODEL")] public string SoraModel { get; set; } = "sora-2";

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

    /// <summary>Every provider key: scrubbed from any text a provider sends back, whichever provider sent it.</summary>
    public IReadOnlyList<string> Secrets => [.. new[] { OpenAIApiKey, GeminiApiKey, SoraApiKey }.Where(key => !string.IsNullOrEmpty(key)).Select(key => key!)];

    public string ResolvedTextProvider => Resolve(TextProvider, "openai", OpenAIApiKey);
    public string ResolvedImageProvider => Resolve(ImageProvider, "gemini", GeminiApiKey);
    public string ResolvedVideoProvider => VideoProvider != "auto" ? VideoProvider
        : !string.IsNullOrWhiteSpace(GeminiApiKey) ? "veo"
        : !string.IsNullOrWhiteSpace(SoraApiKey) ? "sora" : "local";

    /// <summary>auto: OpenAI with its key, else Gemini with its key, else the local espeak-ng voices.</summary>
    public string ResolvedSpeechProvider => SpeechProvider != "auto" ? SpeechProvider
        : !string.IsNullOrWhiteSpace(OpenAIApiKey) ? "openai"
        : !string.IsNullOrWhiteSpace(GeminiApiKey) ? "gemini" : "local";

    private static string Resolve(string choice, string real, string? key) =>
        choice != "auto" ? choice : string.IsNullOrWhiteSpace(key) ? "local" : real;
}
