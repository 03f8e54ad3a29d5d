using DramaGen.Configuration;
using Microsoft.Extensions.Options;

namespace DramaGen.Providers.Gemini;

/// <summary>
/// Images through Gemini generateContent: the prompt and the reference images (character portraits) go in
/// as parts, one inline image comes back.
/// </summary>
public sealed class GeminiImageProvider(
    IHttpClientFactory httpClients, IOptions<ProvidersOptions> options, ILogger<GeminiImageProvider> logger) : IImageProvider
{
    private readonly ProvidersOptions _options = options.Value;
    private readonly ProviderTextScrubber _scrubber = new(options.Value.Secrets);

    public string Name => "gemini";
    public string Model => _options.GeminiImageModel;
    public int MaxReferenceImages => _options.GeminiMaxReferenceImages;

    public async Task<GeneratedMedia> GenerateImageAsync(ImageRequest request, CancellationToken cancellationToken = default)
    {
        var client = httpClients.CreateClient(ProviderHttpClients.Gemini);
        var message = new HttpRequestMessage(HttpMethod.Post, $"v1beta/models/{Uri.EscapeDataString(Model)}:generateContent")
        {
            Content = JsonContent.Create(BuildRequest(request), options: ProviderJson.Options),
        };
        message.Headers.Add("x-goog-api-key", _options.GeminiApiKey);

        using var response = await ProviderHttp.SendAsync(client, message, Name, _scrubber, cancellationToken);
        var answer = await ProviderHttp.ReadJsonAsync<GeminiResponse>(response, Name, _scrubber, cancellationToken);
        var image = FindImage(answer);
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(image.Data!);
        }
        catch (FormatException exception)
        {
            throw new ProviderException(Name, "the image part is not valid base64", isRetryable: false, exception);
        }
        logger.LogInformation("Gemini image {ResponseId}: {Bytes} bytes of {ContentType}", answer.ResponseId, bytes.Length, image.ContentType);
        return new GeneratedMedia(bytes, image.ContentType ?? "image/png", Name, Model, answer.ResponseId);
    }

    private static GeminiRequest BuildRequest(ImageRequest request)
    {
        var parts = new List<GeminiPart> { new(Text: PromptWithReferences(request)) };
        parts.AddRange(request.ReferenceImages.Select(reference =>
            new GeminiPart(InlineData: new GeminiInlineData(reference.MimeType, Convert.ToBase64String(reference.Data)))));
        return new GeminiRequest([new GeminiContent(parts)],
            new GeminiGenerationConfig(["IMAGE"], new GeminiImageConfig(request.AspectRatio)));
    }

    /// <summary>Names the reference images in order, so the model knows whose face each one is.</summary>
    private static string PromptWithReferences(ImageRequest request)
    {
        var labels = request.ReferenceImages.Select((reference, index) => $"image {index + 1}: {reference.Label ?? "reference"}").ToList();
        return labels.Count == 0
            ? request.Prompt
            : $"{request.Prompt}\n\nKeep the people consistent with the attached reference images ({string.Join(", ", labels)}).";
    }

    /// <summary>The first inline image, or a final failure naming why there is none (a safety block, usually).</summary>
    private GeminiInlineData FindImage(GeminiResponse answer)
    {
        if (answer.PromptFeedback?.BlockReason is { } blockReason)
        {
            throw Refused($"prompt blocked: {blockReason} {answer.PromptFeedback.BlockReasonMessage}".Trim());
        }
        var candidate = answer.Candidates?.FirstOrDefault()
            ?? throw Refused("the answer has no candidates");
        var image = candidate.Content?.Parts?.Select(part => part.Image).FirstOrDefault(data => !string.IsNullOrEmpty(data?.Data));
        if (image is not null)
        {
            return image;
        }
        var text = string.Join(" ", candidate.Content?.Parts?.Select(part => part.Text).OfType<string>() ?? []);
        var reason = string.Join(" ", new[] { candidate.FinishReason, candidate.FinishMessage, text }.Where(s => !string.IsNullOrWhiteSpace(s)));
        throw Refused($"no image in the answer: {(reason.Length == 0 ? "no reason given" : reason)}");
    }

    private ProviderException Refused(string reason) => new(Name, _scrubber.Excerpt(reason), isRetryable: false);
}
