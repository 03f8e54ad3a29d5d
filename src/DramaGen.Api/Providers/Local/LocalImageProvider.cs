using System.Globalization;
using DramaGen.Configuration;
using Microsoft.Extensions.Options;

namespace DramaGen.Providers.Local;

/// <summary>
/// The offline image provider: a PNG card showing the prompt and the reference images, of the requested
/// aspect ratio. Deterministic, so a re-run of an unchanged node produces the same bytes.
/// </summary>
public sealed class LocalImageProvider : IImageProvider
{
    private readonly LocalProviderOptions _options;
    private readonly LocalProviderBehaviour _behaviour;
    private readonly LocalCardRenderer _renderer;

    public LocalImageProvider(IOptions<LocalProviderOptions> options, TimeProvider timeProvider, ILogger<LocalImageProvider> logger)
    {
        _options = options.Value;
        _behaviour = new LocalProviderBehaviour(_options, timeProvider);
        _renderer = new LocalCardRenderer(new LocalFont(_options.FontPath, logger));
    }

    public string Name => LocalProviderBehaviour.ProviderName;

    /// <summary>Includes the frame size: a new LOCAL_MEDIA_SIZE makes every image out of date.</summary>
    public string Model => $"local-card-v1@{_options.MediaShortSide}";

    public async Task<GeneratedMedia> GenerateImageAsync(ImageRequest request, CancellationToken cancellationToken = default)
    {
        var ratio = LocalMediaSize.CheckAspectRatio(request.AspectRatio);
        var (width, height) = LocalMediaSize.Of(ratio, _options.MediaShortSide);
        var references = request.ReferenceImages ?? [];
        var hash = StableHash.Hex([
            "image", request.Prompt, ratio, _options.MediaShortSide.ToString(CultureInfo.InvariantCulture),
            .. references.SelectMany(r => new[] { StableHash.OfBytes(r.Data), r.MimeType, r.Label ?? "" }),
        ]);
        await _behaviour.BeforeGenerationAsync(LocalCapability.Image, "image", hash, cancellationToken);

        var png = await _renderer.RenderPngAsync(request.Prompt, references, width, height, cancellationToken);
        ProviderUsage.Record(new BilledUsage(Name, Model, UsageUnits.Images, 1));
        return new GeneratedMedia(png, "image/png", Name, Model);
    }
}
