using DramaGen.Configuration;
using Microsoft.Extensions.Options;

namespace DramaGen.Providers.Veo;

/// <summary>
/// Video through Veo on the Gemini API: predictLongRunning, poll the operation, download the sample.
/// The working default for real video (same GEMINI_API_KEY as images).
/// </summary>
public sealed class VeoVideoProvider(
    IHttpClientFactory httpClients, IOptions<ProvidersOptions> options, TimeProvider time, ILogger<VeoVideoProvider> logger)
    : IVideoProvider
{
    private const string KeyHeader = "x-goog-api-key";
    /// <summary>Sample URIs point here even when GEMINI_API_BASE is a gateway; the key belongs to this host too.</summary>
    private static readonly Uri GeminiApiHost = new("https://generativelanguage.googleapis.com/");
    private readonly ProvidersOptions _options = options.Value;
    private readonly ProviderTextScrubber _scrubber = new(options.Value.Secrets);

    public string Name => "veo";
    public string Model => _options.VeoModel;
    public int MaxReferenceImages => _options.VeoMaxReferenceImages;

    /// <summary>Reference images are Veo 3.1 and 3.1 Fast only (n/a on 3.1 Lite, Veo 3 and Veo 2).</summary>
    private bool TakesReferences => Model.StartsWith("veo-3.1", StringComparison.Ordinal) && !Model.Contains("lite", StringComparison.Ordinal);

    public async Task<GeneratedMedia> GenerateVideoAsync(VideoRequest request, CancellationToken cancellationToken = default)
    {
        var client = httpClients.CreateClient(ProviderHttpClients.Veo);
        var mode = ModeFor(request);
        var video = await new VideoOperationFlow(time, _options, logger).RunAsync(Name, request,
            token => StartAsync(client, request, mode, token),
            (name, token) => PollAsync(client, name, token),
            async (name, sample, token) =>
            {
                if (sample.InlineBase64 is { } inline)
                {
                    return (Decode(inline, name), sample.InlineMimeType);
                }
                using var download = await SendAsync(client, new HttpRequestMessage(HttpMethod.Get, new Uri(sample.Uri!)), token);
                return await VideoOperationFlow.ReadVideoAsync(download, token);
            },
            cancellationToken);
        return new GeneratedMedia(video.Content, video.ContentType, Name, Model, video.OperationId, mode);
    }

    private async Task<string> StartAsync(HttpClient client, VideoRequest request, string mode, CancellationToken cancellationToken)
    {
        var instance = mode switch
        {
            VideoModes.Text => new VeoInstance(request.Prompt, null),
            VideoModes.FirstLast => new VeoInstance(request.Prompt, ImageOf(request.FirstFrame!), ImageOf(request.LastFrame!)),
            VideoModes.Reference => new VeoInstance(request.Prompt, null, ReferenceImages:
                [.. request.ReferenceImages!.Take(MaxReferenceImages).Select(reference => new VeoReferenceImage(ImageOf(reference)))]),
            _ => new VeoInstance(request.Prompt, ImageOf(request.FirstFrame!)),
        };
        // "Must be 8 when using reference images": the job is told when that is not what the scene asked for.
        var duration = mode == VideoModes.Reference
            ? VideoShapes.AllowedDuration(Name, request.DurationSeconds, [8], "reference images need 8 s")
            : VideoShapes.AllowedDuration(Name, request.DurationSeconds, _options.VeoDurationList, "VEO_DURATIONS");
        var body = new VeoPredictRequest([instance], new VeoParameters(VideoShapes.IsPortrait(request.AspectRatio) ? "9:16" : "16:9", duration));
        var message = new HttpRequestMessage(HttpMethod.Post, $"v1beta/models/{Uri.EscapeDataString(Model)}:predictLongRunning")
        {
            Content = JsonContent.Create(body, options: ProviderJson.Options),
        };
        message.Options.Set(ProviderResilience.SubmitsPaidJob, true);
        using var response = await SendAsync(client, message, cancellationToken);
        var operation = await ProviderHttp.ReadJsonAsync<VeoOperation>(response, Name, _scrubber, cancellationToken);
        return string.IsNullOrWhiteSpace(operation.Name)
            ? throw new ProviderException(Name, "predictLongRunning answered without an operation name", isRetryable: false)
            : operation.Name;
    }

    private static VeoImage ImageOf(ReferenceImage image) => new(image.MimeType, Convert.ToBase64String(image.Data));

    private string ModeFor(VideoRequest request) => request.Mode switch
    {
        VideoModes.FirstLast when request.FirstFrame is null => VideoModes.Fallback(Name, request.Mode, VideoModes.Text, "no first frame was given"),
        VideoModes.FirstLast when request.LastFrame is null => VideoModes.Fallback(Name, request.Mode, VideoModes.FirstFrame, "no last frame was given"),
        VideoModes.Reference when !TakesReferences || MaxReferenceImages == 0 => request.FirstFrame is null
            ? VideoModes.Fallback(Name, request.Mode, VideoModes.Text, $"{Model} takes no reference images")
            : VideoModes.Fallback(Name, request.Mode, VideoModes.FirstFrame, $"{Model} takes no reference images"),
        VideoModes.Reference when request.ReferenceImages is not { Count: > 0 } => request.FirstFrame is null
            ? VideoModes.Fallback(Name, request.Mode, VideoModes.Text, "no reference images were given")
            : VideoModes.Fallback(Name, request.Mode, VideoModes.FirstFrame, "no reference images were given"),
        VideoModes.FirstFrame when request.FirstFrame is null => VideoModes.Text,
        VideoModes.FirstFrame or VideoModes.FirstLast or VideoModes.Reference => request.Mode,
        _ => VideoModes.Text,
    };

    private async Task<PollOutcome<VeoVideo>> PollAsync(HttpClient client, string name, CancellationToken cancellationToken)
    {
        // The name is a path ("models/.../operations/abc"): its slashes must stay.
        using var response = await SendAsync(client, new HttpRequestMessage(HttpMethod.Get, $"v1beta/{name.TrimStart('/')}"), cancellationToken);
        var operation = await ProviderHttp.ReadJsonAsync<VeoOperation>(response, Name, _scrubber, cancellationToken);
        if (operation.Error is { } error)
        {
            throw new ProviderException(Name, _scrubber.Excerpt($"operation {name} failed: {error.Status} {error.Message}"),
                IsRetryable(error));
        }
        if (!operation.Done)
        {
            return new PollOutcome<VeoVideo>(false, null, "running");
        }
        var video = operation.Response?.GenerateVideoResponse;
        var sample = video?.GeneratedSamples?.FirstOrDefault()?.Video;
        var hasUri = Uri.TryCreate(sample?.Uri, UriKind.Absolute, out _);
        if (sample is null || (!hasUri && string.IsNullOrEmpty(sample.InlineBase64)))
        {
            var reasons = video?.RaiMediaFilteredReasons is { Count: > 0 } filtered ? string.Join("; ", filtered) : null;
            throw new ProviderException(Name, _scrubber.Excerpt(reasons is null
                ? $"operation {name} finished without a video"
                : $"operation {name} was filtered by safety checks: {reasons}"), isRetryable: false);
        }
        return new PollOutcome<VeoVideo>(true, sample, "done");
    }

    private Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestMessage message, CancellationToken cancellationToken)
    {
        var target = message.RequestUri is { IsAbsoluteUri: true } absolute ? absolute : new Uri(client.BaseAddress!, message.RequestUri!);
        if (ReceivesKey(target, client.BaseAddress))
        {
            message.Headers.Add(KeyHeader, _options.GeminiApiKey);
        }
        return ProviderHttp.SendAsync(client, message, Name, _scrubber, cancellationToken);
    }

    /// <summary>
    /// The key goes to GEMINI_API_BASE and to the Gemini API's own host (where sample URIs point even behind a
    /// gateway), never to any other host a sample URI might name.
    /// </summary>
    internal static bool ReceivesKey(Uri target, Uri? baseAddress) =>
        SameServer(target, GeminiApiHost) || (baseAddress is not null && SameServer(target, baseAddress));

    private static bool SameServer(Uri a, Uri b) =>
        Uri.Compare(a, b, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    private byte[] Decode(string base64, string operation)
    {
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new ProviderException(Name, $"operation {operation} returned an inline video that is not base64", isRetryable: false);
        }
    }

    /// <summary>google.rpc codes worth another try: DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, INTERNAL, UNAVAILABLE.</summary>
    private static bool IsRetryable(VeoOperationError error) => error.Code is 4 or 8 or 10 or 13 or 14;
}
