namespace DramaGen.Providers.Gemini;

internal sealed record GeminiSpeechRequest(IReadOnlyList<GeminiContent> Contents, GeminiSpeechGenerationConfig GenerationConfig);

internal sealed record GeminiSpeechGenerationConfig(IReadOnlyList<string> ResponseModalities, GeminiSpeechConfig SpeechConfig);

internal sealed record GeminiSpeechConfig(GeminiVoiceConfig VoiceConfig);

internal sealed record GeminiVoiceConfig(GeminiPrebuiltVoiceConfig PrebuiltVoiceConfig);

internal sealed record GeminiPrebuiltVoiceConfig(string VoiceName);
