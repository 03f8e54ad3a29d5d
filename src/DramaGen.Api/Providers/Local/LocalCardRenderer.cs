using DramaGen.Storage;
using SkiaSharp;

namespace DramaGen.Providers.Local;

/// <summary>
/// Draws a card of what an image should depict: a background coloured by the prompt's hash, the
/// reference images as labelled thumbnails (so a storyboard visibly holds its characters' portraits)
/// and the prompt itself, word-wrapped. Pure CPU raster: the same input gives the same PNG bytes.
/// </summary>
internal sealed class LocalCardRenderer(LocalFont font)
{
    private const int MaxPromptChars = 1_200;
    private const int MaxThumbnails = 6;

    /// <summary>At most one card per core at a time: rendering only uses CPU, and each card in flight holds its pixels.</summary>
    private static readonly SemaphoreSlim Rendering = new(Environment.ProcessorCount, Environment.ProcessorCount);

    /// <summary><see cref="RenderPng"/> for callers that may be many at once (the providers' concurrent calls): they wait their turn.</summary>
    public async Task<byte[]> RenderPngAsync(string prompt, IReadOnlyList<ReferenceImage> references, int width, int height,
        CancellationToken cancellationToken)
    {
        await Rendering.WaitAsync(cancellationToken);
        try
        {
            return RenderPng(prompt, references, width, height);
        }
        finally
        {
            Rendering.Release();
        }
    }

    public byte[] RenderPng(string prompt, IReadOnlyList<ReferenceImage> references, int width, int height)
    {
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        // The canvas draws into reused memory (CardPixels) and is encoded from it: no snapshot copy.
        using var pixels = CardPixels.Rent(info.BytesSize);
        using var surface = SKSurface.Create(info, pixels.Address, info.RowBytes)
            ?? throw new InvalidOperationException($"Cannot create a {width}x{height} surface.");
        var canvas = surface.Canvas;
        var digest = StableHash.Of("card", prompt);
        DrawBackground(canvas, digest, width, height);

        // Sizes follow the short side, so a 16:9 card is lettered like a 9:16 one.
        var unit = Math.Min(width, height);
        var margin = unit * 0.06f;
        var top = margin;
        if (font.Typeface is { } header)
        {
            using var small = CardText.CreateFont(header, unit * 0.032f);
            using var dim = new SKPaint { Color = new SKColor(255, 255, 255, 150), IsAntialias = true };
            canvas.DrawText($"DRAMAGEN  ·  LOCAL  ·  {Convert.ToHexStringLower(digest)[..8]}", margin, top + small.Size, SKTextAlign.Left, small, dim);
            top += small.Spacing * 1.6f;
        }
        top = new CardThumbnails(font.Typeface, unit).Draw(canvas, references.Take(MaxThumbnails).ToList(), margin, top, width - 2 * margin, height * 0.45f);
        DrawPrompt(canvas, prompt, margin, top, width - 2 * margin, height - margin - top, unit);

        canvas.Flush();
        using var pixmap = new SKPixmap(info, pixels.Address, info.RowBytes);
        using var png = PooledStreams.Rent("local card");
        using (var output = new SKManagedWStream(png))
        {
            if (!pixmap.Encode(output, SKPngEncoderOptions.Default))
            {
                throw new InvalidOperationException($"Cannot encode a {width}x{height} card as PNG.");
            }
        }
        return ((MemoryStream)png).ToArray();
    }

    private static void DrawBackground(SKCanvas canvas, byte[] digest, int width, int height)
    {
        var hue = (digest[0] << 8 | digest[1]) % 360;
        var topColour = SKColor.FromHsv(hue, 45 + digest[2] % 20, 38);
        var bottomColour = SKColor.FromHsv((hue + 40) % 360, 55, 16);
        using var shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, height), [topColour, bottomColour], SKShaderTileMode.Clamp);
        using var paint = new SKPaint { Shader = shader };
        canvas.DrawRect(0, 0, width, height, paint);
    }

    private void DrawPrompt(SKCanvas canvas, string prompt, float left, float top, float width, float height, int unit)
    {
        if (font.Typeface is not { } typeface || height <= 0) return;
        var text = LocalDramaWriter.Collapse(prompt);
        if (text.Length == 0) text = "(no prompt)";
        if (text.Length > MaxPromptChars) text = text[..MaxPromptChars] + "…";

        var (size, lines) = CardText.Fit(text, typeface, width, height, maxSize: unit * 0.07f, minSize: unit * 0.032f);
        using var skFont = CardText.CreateFont(typeface, size);
        using var paint = new SKPaint { Color = SKColors.White, IsAntialias = true };
        var baseline = top - skFont.Metrics.Ascent;
        foreach (var line in lines)
        {
            canvas.DrawText(line, left, baseline, SKTextAlign.Left, skFont, paint);
            baseline += CardText.LineHeight(skFont);
        }
    }
}
