using System.Globalization;
using DramaGen.Configuration;
using Microsoft.Extensions.Options;

namespace DramaGen.Providers.Local;

/// <summary>
/// The offline video provider: a real H.264 MP4 of the requested length and aspect ratio, a slow zoom
/// into the first frame (or into a card of the prompt when there is none). Like a real provider it
/// announces an operation id before it works, so the engine's resume path runs the same way offline.
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
        var hash = StableHash.Hex(
            "video", request.Prompt, request.DurationSeconds.ToString(CultureInfo.InvariantCulture), ratio, _options.MediaShortSide.ToString(CultureInfo.InvariantCulture),
            request.FirstFrame is { } frame ? StableHash.OfBytes(frame.Data) : "");
        var operationId = "local-" + hash;

        if (request.ExistingOperationId is null && request.OnOperationStarted is { } started)
            await started(operationId, cancellationToken);
        await _behaviour.BeforeGenerationAsync(
            LocalCapability.Video, request.ExistingOperationId is null ? "video" : "video.resume", hash, cancellationToken);

        var still = request.FirstFrame?.Data ?? _cards.RenderPng(request.Prompt, [], width, height);
        var mp4 = await _clips.RenderMp4Async(still, width, height, request.DurationSeconds, cancellationToken);
        ProviderUsage.Record(new BilledUsage(Name, Model, UsageUnits.VideoSeconds, request.DurationSeconds));
        return new GeneratedMedia(mp4, "video/mp4", Name, Model, operationId);
    }
}
