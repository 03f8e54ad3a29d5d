using System.Globalization;
using DramaGen.Configuration;
using Microsoft.Extensions.Options;

namespace DramaGen.Providers.Local;

/// <summary>
/// The offline video provider: a real H.264 MP4 of the requested length and aspect ratio, in every clip mode:
/// text, a slow zoom into a card of the prompt; first_frame, a slow zoom into the first frame; first_last, a
/// move from the first frame to the last one; reference, a zoom into a card showing the reference images.
/// Like a real provider it announces an operation id before it works, so the engine's resume path runs the same way offline.
/// </summary>
public sealed class LocalVideoProvider : IVideoProvider
{
    public const int MaxDurationSeconds = 600;

    private readonly LocalProviderOptions _options;
    private readonly LocalProviderBehaviour _behaviour;
    private readonly LocalCardRenderer _cards;
    private readonly LocalClipRenderer _clips;

    public LocalVideoProvider(IOptions<LocalProviderOptions> options, TimeProvider timeProvider, ILogger<LocalVideoProvider> logger)
        : this(options.Value, timeProvider, logger, tempRoot: null)
    {
    }

    internal LocalVideoProvider(LocalProviderOptions options, TimeProvider timeProvider, ILogger logger, string? tempRoot)
    {
        _options = options;
        _behaviour = new LocalProviderBehaviour(options, timeProvider);
        _cards = new LocalCardRenderer(new LocalFont(options.FontPath, logger));
        _clips = new LocalClipRenderer(ToolRunner.Ffmpeg(options.FfmpegPath), tempRoot);
    }

    public string Name => LocalProviderBehaviour.ProviderName;

    /// <summary>Includes the frame size: a new LOCAL_MEDIA_SIZE makes every clip out of date.</summary>
    public string Model => $"local-zoom-v1@{_options.MediaShortSide}";

    public async Task<GeneratedMedia> GenerateVideoAsync(VideoRequest request, CancellationToken cancellationToken = default)
    {
        if (request.DurationSeconds is < 1 or > MaxDurationSeconds)
            throw new ProviderException(Name, $"duration must be 1 to {MaxDurationSeconds} seconds, not {request.DurationSeconds}", isRetryable: false);
        var ratio = LocalMediaSize.CheckAspectRatio(request.AspectRatio);
        var (width, height) = LocalMediaSize.EvenOf(ratio, _options.MediaShortSide);
        var mode = ModeFor(request);
        var hash = StableHash.Hex(
            "video", request.Prompt, request.DurationSeconds.ToString(CultureInfo.InvariantCulture), ratio, _options.MediaShortSide.ToString(CultureInfo.InvariantCulture),
            mode == VideoModes.Text || request.FirstFrame is not { } frame ? "" : StableHash.OfBytes(frame.Data),
            // The first_frame clip hashes as before modes existed, so its operation id is unchanged.
            mode is VideoModes.Text or VideoModes.FirstFrame ? "" : mode,
            mode == VideoModes.FirstLast ? StableHash.OfBytes(request.LastFrame!.Data) : "",
            mode == VideoModes.Reference ? string.Join(",", request.ReferenceImages!.Select(image => StableHash.OfBytes(image.Data))) : "");
        var operationId = "local-" + hash;

        if (request.ExistingOperationId is null && request.OnOperationStarted is { } started)
            await started(operationId, cancellationToken);
        await _behaviour.BeforeGenerationAsync(
            LocalCapability.Video, request.ExistingOperationId is null ? "video" : "video.resume", hash, cancellationToken);

        var mp4 = mode switch
        {
            VideoModes.FirstLast => await _clips.RenderMoveAsync(request.FirstFrame!.Data, request.LastFrame!.Data, width, height,
                request.DurationSeconds, cancellationToken),
            VideoModes.Reference => await _clips.RenderMp4Async(await _cards.RenderPngAsync(request.Prompt, request.ReferenceImages!, width, height, cancellationToken),
                width, height, request.DurationSeconds, cancellationToken),
            VideoModes.FirstFrame => await _clips.RenderMp4Async(request.FirstFrame!.Data, width, height, request.DurationSeconds, cancellationToken),
            _ => await _clips.RenderMp4Async(await _cards.RenderPngAsync(request.Prompt, [], width, height, cancellationToken), width, height, request.DurationSeconds,
                cancellationToken),
        };
        ProviderUsage.Record(new BilledUsage(Name, Model, UsageUnits.VideoSeconds, request.DurationSeconds));
        return new GeneratedMedia(mp4, "video/mp4", Name, Model, operationId, mode);
    }

    /// <summary>Every mode is possible here; only missing frames make a clip fall back, and the job is told.</summary>
    private string ModeFor(VideoRequest request) => request.Mode switch
    {
        VideoModes.FirstLast when request.FirstFrame is null => VideoModes.Fallback(Name, request.Mode, VideoModes.Text, "no first frame was given"),
        VideoModes.FirstLast when request.LastFrame is null => VideoModes.Fallback(Name, request.Mode, VideoModes.FirstFrame, "no last frame was given"),
        VideoModes.Reference when request.ReferenceImages is not { Count: > 0 } => request.FirstFrame is null
            ? VideoModes.Fallback(Name, request.Mode, VideoModes.Text, "no reference images were given")
            : VideoModes.Fallback(Name, request.Mode, VideoModes.FirstFrame, "no reference images were given"),
        // An audition of a character without a portrait: a card of the prompt.
        VideoModes.FirstFrame when request.FirstFrame is null => VideoModes.Fallback(Name, request.Mode, VideoModes.Text, "no first frame was given"),
        VideoModes.FirstFrame or VideoModes.FirstLast or VideoModes.Reference => request.Mode,
        _ => VideoModes.Text,
    };
}
