namespace DramaGen.Providers.Veo;

internal sealed record VeoPredictRequest(IReadOnlyList<VeoInstance> Instances, VeoParameters Parameters);

/// <summary>lastFrame and referenceImages sit in the instance, never in parameters (wire-facts.md).</summary>
internal sealed record VeoInstance(string Prompt, VeoImage? Image, VeoImage? LastFrame = null, IReadOnlyList<VeoReferenceImage>? ReferenceImages = null);

/// <summary>The Gemini API takes "asset" references only (STYLE is Vertex-only).</summary>
internal sealed record VeoReferenceImage(VeoImage Image, string ReferenceType = "asset");

internal sealed record VeoImage(string MimeType, string BytesBase64Encoded);

internal sealed record VeoParameters(string AspectRatio, int DurationSeconds);

/// <summary>A Gemini API long-running operation (the answer to predictLongRunning and to each poll).</summary>
internal sealed record VeoOperation(string? Name, bool Done, VeoOperationError? Error, VeoOperationResponse? Response);

internal sealed record VeoOperationError(int? Code, string? Message, string? Status);

internal sealed record VeoOperationResponse(VeoGenerateVideoResponse? GenerateVideoResponse);

internal sealed record VeoGenerateVideoResponse(
    IReadOnlyList<VeoGeneratedSample>? GeneratedSamples,
    int? RaiMediaFilteredCount,
    IReadOnlyList<string>? RaiMediaFilteredReasons);

internal sealed record VeoGeneratedSample(VeoVideo? Video);

/// <summary>
/// A generated sample: by <c>uri</c> (download it), or inline as base64, under <c>encodedVideo</c> with its type in
/// <c>encoding</c> (the Gemini API SDK) or under <c>bytesBase64Encoded</c> with <c>mimeType</c> (Vertex-shaped gateways).
/// </summary>
internal sealed record VeoVideo(string? Uri, string? EncodedVideo, string? Encoding, string? BytesBase64Encoded, string? MimeType)
{
    public string? InlineBase64 => !string.IsNullOrEmpty(EncodedVideo) ? EncodedVideo : BytesBase64Encoded;
    public string InlineMimeType => Encoding ?? MimeType ?? "video/mp4";
}
