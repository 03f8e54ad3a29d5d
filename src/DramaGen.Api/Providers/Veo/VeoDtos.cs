namespace DramaGen.Providers.Veo;

internal sealed record VeoPredictRequest(IReadOnlyList<VeoInstance> Instances, VeoParameters Parameters);

internal sealed record VeoInstance(string Prompt, VeoImage? Image);

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

internal sealed record VeoVideo(string? Uri);
