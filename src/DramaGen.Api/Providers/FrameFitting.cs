using SkiaSharp;

namespace DramaGen.Providers;

/// <summary>
/// Fits a first frame to a provider that only takes one exact pixel size (Sora: "The image must match the target
/// video's resolution"): scaled to cover the size, then cropped around the centre so the subject stays in frame.
/// </summary>
internal static class FrameFitting
{
    private static readonly HashSet<string> Encodable = ["image/png", "image/jpeg", "image/webp"];

    /// <summary>The frame at exactly <paramref name="width"/>x<paramref name="height"/>, as PNG, JPEG or WebP.</summary>
    public static ReferenceImage CoverCrop(ReferenceImage frame, int width, int height, string provider)
    {
        using var data = SKData.CreateCopy(frame.Data);
        using var codec = SKCodec.Create(data)
            ?? throw new ProviderException(provider, $"the first frame ({frame.MimeType}) is not a decodable image", isRetryable: false);
        using var source = SKBitmap.Decode(codec);
        if (source.Width == width && source.Height == height && Encodable.Contains(frame.MimeType))
        {
            return frame;
        }
        var scale = Math.Max((float)width / source.Width, (float)height / source.Height);
        var scaledWidth = source.Width * scale;
        var scaledHeight = source.Height * scale;
        var destination = SKRect.Create((width - scaledWidth) / 2, (height - scaledHeight) / 2, scaledWidth, scaledHeight);
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.Clear(SKColors.Black);
        using (var image = SKImage.FromBitmap(source))
        {
            surface.Canvas.DrawImage(image, destination, new SKSamplingOptions(SKCubicResampler.Mitchell));
        }
        using var fitted = surface.Snapshot();
        // JPEG stays JPEG (a photo as PNG is several times larger); everything else becomes PNG.
        var (format, mimeType) = frame.MimeType == "image/jpeg" ? (SKEncodedImageFormat.Jpeg, "image/jpeg") : (SKEncodedImageFormat.Png, "image/png");
        using var encoded = fitted.Encode(format, 92);
        return new ReferenceImage(encoded.ToArray(), mimeType, frame.Label);
    }
}
