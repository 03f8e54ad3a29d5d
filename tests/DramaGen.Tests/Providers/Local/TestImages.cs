using SkiaSharp;

namespace DramaGen.Tests.Providers.Local;

/// <summary>Images made and inspected with SkiaSharp, for local provider tests.</summary>
internal static class TestImages
{
    public static byte[] SolidPng(SKColor colour, int width = 120, int height = 160)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(colour);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    public static SKBitmap Decode(byte[] png) => SKBitmap.Decode(png) ?? throw new InvalidOperationException("Not a decodable image.");

    public static int CountPixels(SKBitmap bitmap, Func<SKColor, bool> test)
    {
        var count = 0;
        foreach (var pixel in bitmap.Pixels)
            if (test(pixel)) count++;
        return count;
    }

    public static bool IsPureRed(SKColor c) => c.Red > 240 && c.Green < 16 && c.Blue < 16;

    public static bool IsNearWhite(SKColor c) => c.Red > 230 && c.Green > 230 && c.Blue > 230;
}
