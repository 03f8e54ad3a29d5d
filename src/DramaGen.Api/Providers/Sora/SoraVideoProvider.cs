using System.Globalization;
using System.Net.Http.Headers;
using DramaGen.Configuration;
using Microsoft.Extensions.Options;

namespace DramaGen.Providers.Sora;

/// <summary>
/// Video through the OpenAI Videos API shape ("Sora") at SORA_API_BASE: create, poll, download. OpenAI
/// removed the API from its own platform, so this is mostly for gateways that kept the wire shape.
/// </summary>
public sealed class SoraVideoProvider(
    IHttpClientFactory httpClients, IOptions<ProvidersOptions> options, TimeProvider time, ILogger<SoraVideoProvider> logger)
    : IVideoProvider
{
    private readonly ProvidersOptions _options = options.Value;
    private readonly ProviderTextScrubber _scrubber = new(options.Value.Secrets);

    public string Name => "sora";
    public string Model => _options.SoraModel;

    public async Task<GeneratedMedia> GenerateVideoAsync(VideoRequest request, CancellationToken cancellationToken = default)
    {
        var client = httpClients.CreateClient(ProviderHttpClients.Sora);
        // Sora has a first frame (input_reference) only: text stays text, every other mode becomes first_frame.
        var mode = request.Mode == VideoModes.Text || request.FirstFrame is null
            ? request.Mode is VideoModes.Text or VideoModes.FirstFrame ? VideoModes.Text
                : VideoModes.Fallback(Name, request.Mode, VideoModes.Text, "sora takes a first frame only, and none was given")
            : request.Mode == VideoModes.FirstFrame ? VideoModes.FirstFrame
                : VideoModes.Fallback(Name, request.Mode, VideoModes.FirstFrame, request.Mode == VideoModes.FirstLast
                    ? "sora has no last frame" : "sora takes no reference images");
        var firstFrame = mode == VideoModes.Text ? null : request.FirstFrame;
        var video = await new VideoOperationFlow(time, _options, logger).RunAsync(Name, request,
            token => CreateAsync(client, request with { FirstFrame = firstFrame }, token),
            (id, token) => PollAsync(client, id, token),
            async (id, _, token) =>
            {
                using var download = await SendAsync(client, HttpMethod.Get, $"v1/videos/{Uri.EscapeDataString(id)}/content", null, token);
                return await VideoOperationFlow.ReadVideoAsync(download, token);
            },
            cancellationToken);
        return new GeneratedMedia(video.Content, video.ContentType, Name, Model, video.OperationId, mode);
    }

    private async Task<string> CreateAsync(HttpClient client, VideoRequest request, CancellationToken cancellationToken)
    {
        var size = SizeFor(request.AspectRatio);
        var seconds = VideoShapes.AllowedDuration(Name, request.DurationSeconds, _options.SoraDurationList, "SORA_DURATIONS");
        var form = new MultipartFormDataContent
        {
            { new StringContent(Model), "model" },
            { new StringContent(request.Prompt), "prompt" },
            { new StringContent(seconds.ToString(CultureInfo.InvariantCulture)), "seconds" },
            { new StringContent(size), "size" },
        };
        if (request.FirstFrame is { } original)
        {
            // Sora refuses a reference of any other pixel size than the video's (a 768x1344 storyboard for 720x1280).
            var (width, height) = VideoShapes.ParseSize(size);
            var frame = FrameFitting.CoverCrop(original, width, height, Name);
            var image = new ByteArrayContent(frame.Data);
            image.Headers.ContentType = new MediaTypeHeaderValue(frame.MimeType);
            form.Add(image, "input_reference", "first_frame" + ExtensionFor(frame.MimeType));
        }
        using var response = await SendAsync(client, HttpMethod.Post, "v1/videos", form, cancellationToken, submitsPaidJob: true);
        var job = await ProviderHttp.ReadJsonAsync<SoraVideoJob>(response, Name, _scrubber, cancellationToken);
        return string.IsNullOrWhiteSpace(job.Id)
            ? throw new ProviderException(Name, "create answered without a video id", isRetryable: false)
            : job.Id;
    }

    private async Task<PollOutcome<bool>> PollAsync(HttpClient client, string id, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(client, HttpMethod.Get, $"v1/videos/{Uri.EscapeDataString(id)}", null, cancellationToken);
        var job = await ProviderHttp.ReadJsonAsync<SoraVideoJob>(response, Name, _scrubber, cancellationToken);
        logger.LogDebug("Sora video {VideoId}: {Status} {Progress}%", id, job.Status, job.Progress);
        return job.Status switch
        {
            SoraStatuses.Completed => new PollOutcome<bool>(true, true, job.Status),
            SoraStatuses.Failed => throw Failure(id, job.Error),
            SoraStatuses.Queued or SoraStatuses.InProgress => new PollOutcome<bool>(false, false, job.Status),
            _ => throw new ProviderException(Name, _scrubber.Excerpt($"video {id} has an unknown status '{job.Status}'"), isRetryable: false),
        };
    }

    private ProviderException Failure(string id, SoraError? error)
    {
        var reason = $"{error?.Code} {error?.Message}".Trim();
        // A moderation block fails the same way every time; anything else (capacity, internal) may pass later.
        var isPolicy = reason.Contains("moderation", StringComparison.OrdinalIgnoreCase)
            || reason.Contains("policy", StringComparison.OrdinalIgnoreCase)
            || reason.Contains("safety", StringComparison.OrdinalIgnoreCase);
        return new ProviderException(Name,
            _scrubber.Excerpt($"video {id} failed: {(reason.Length == 0 ? "no reason given" : reason)}"), isRetryable: !isPolicy);
    }

    private Task<HttpResponseMessage> SendAsync(
        HttpClient client, HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken,
        bool submitsPaidJob = false)
    {
        var message = new HttpRequestMessage(method, path) { Content = content };
        message.Options.Set(ProviderResilience.SubmitsPaidJob, submitsPaidJob);
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.SoraApiKey);
        return ProviderHttp.SendAsync(client, message, Name, _scrubber, cancellationToken);
    }

    /// <summary>SORA_PORTRAIT_SIZE or SORA_LANDSCAPE_SIZE; square and odd ratios fall back to portrait.</summary>
    private string SizeFor(string aspectRatio) =>
        VideoShapes.IsPortrait(aspectRatio) || aspectRatio == "1:1" ? _options.SoraPortraitSize : _options.SoraLandscapeSize;

    private static string ExtensionFor(string mimeType) => mimeType switch
    {
        "image/jpeg" => ".jpg",
        "image/webp" => ".webp",
        _ => ".png",
    };
}
