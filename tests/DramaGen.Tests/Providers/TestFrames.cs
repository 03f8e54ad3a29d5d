using SkiaSharp;

namespace DramaGen.Tests.Providers;

/// <summary>
/// Real encoded images of the sizes image models return (gemini-2.5-flash-image: 768x1344 at 9:16, 1024x1024,
/// 1344x768 at 16:9): grey, with a red square in the centre so a crop can be checked to keep the subject.
/// </summary>
internal static class TestFrames
{
    public static byte[] Png(int width, int height) => Encode(width, height, SKEncodedImageFormat.Png);

    public static byte[] Jpeg(int width, int height) => Encode(width, height, SKEncodedImageFormat.Jpeg);

    public static (int Width, int Height) SizeOf(byte[] image)
    {
        using var bitmap = SKBitmap.Decode(image) ?? throw new InvalidOperationException("not an image");
        return (bitmap.Width, bitmap.Height);
    }

    /// <summary>The colour at the image's centre (the red square survives a centred crop).</summary>
    public static SKColor CentreOf(byte[] image)
    {
        using var bitmap = SKBitmap.Decode(image) ?? throw new InvalidOperationException("not an image");
        return bitmap.GetPixel(bitmap.Width / 2, bitmap.Height / 2);
    }

    private static byte[] Encode(int width, int height, SKEncodedImageFormat format)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        surface.Canvas.Clear(new SKColor(90, 90, 90));
        var side = Math.Min(width, height) / 4f;
        using var paint = new SKPaint { Color = SKColors.Red };
        surface.Canvas.DrawRect(SKRect.Create((width - side) / 2, (height - side) / 2, side, side), paint);
        using var image = surface.Snapshot();
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }
}
