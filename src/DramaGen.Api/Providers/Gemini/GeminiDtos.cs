using System.Text.Json.Serialization;

namespace DramaGen.Providers.Gemini;

internal sealed record GeminiRequest(IReadOnlyList<GeminiContent> Contents, GeminiGenerationConfig GenerationConfig);

internal sealed record GeminiGenerationConfig(IReadOnlyList<string> ResponseModalities, GeminiImageConfig ImageConfig);

internal sealed record GeminiImageConfig(string AspectRatio);

internal sealed record GeminiContent(IReadOnlyList<GeminiPart> Parts);

/// <summary>A text or inline-data part. Some gateways answer in snake_case (inline_data, mime_type): both are read.</summary>
internal sealed record GeminiPart(
    string? Text = null,
    GeminiInlineData? InlineData = null,
    [property: JsonPropertyName("inline_data")] GeminiInlineData? InlineDataSnake = null)
{
    [JsonIgnore] public GeminiInlineData? Image => InlineData ?? InlineDataSnake;
}

internal sealed record GeminiInlineData(
    string? MimeType,
    string? Data,
    [property: JsonPropertyName("mime_type")] string? MimeTypeSnake = null)
{
    [JsonIgnore] public string? ContentType => MimeType ?? MimeTypeSnake;
}

internal sealed record GeminiResponse(
    IReadOnlyList<GeminiCandidate>? Candidates,
    GeminiPromptFeedback? PromptFeedback,
    string? ResponseId,
    string? ModelVersion,
    GeminiUsageMetadata? UsageMetadata = null);

/// <summary>What the call was billed for: prompt tokens in, candidate (e.g. audio) tokens out.</summary>
internal sealed record GeminiUsageMetadata(int? PromptTokenCount, int? CandidatesTokenCount);

internal sealed record GeminiCandidate(GeminiContent? Content, string? FinishReason, string? FinishMessage);

internal sealed record GeminiPromptFeedback(string? BlockReason, string? BlockReasonMessage);
