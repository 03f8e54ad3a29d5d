using SkiaSharp;

namespace DramaGen.Providers.Local;

/// <summary>Draws reference images as a grid of framed, labelled thumbnails (up to three per row).</summary>
/// <param name="unit">The card's short side, which text sizes follow.</param>
internal sealed class CardThumbnails(SKTypeface? typeface, int unit)
{
    private static readonly SKSamplingOptions Sampling = new(SKFilterMode.Linear, SKMipmapMode.None);

    /// <returns>The y where the content below the thumbnails may start.</returns>
    public float Draw(SKCanvas canvas, IReadOnlyList<ReferenceImage> references, float left, float top, float width, float maxHeight)
    {
        if (references.Count == 0) return top;
        var columns = Math.Min(references.Count, 3);
        var rows = (references.Count + columns - 1) / columns;
        var gap = width * 0.04f;
        var labelHeight = typeface is null ? 0 : unit * 0.075f;
        var cellWidth = (width - gap * (columns - 1)) / columns;
        var cellHeight = Math.Min(cellWidth * 4 / 3, (maxHeight - rows * (labelHeight + gap)) / rows);
        cellWidth = Math.Min(cellWidth, cellHeight * 3 / 4);

        using var label = typeface is null ? null : CardText.CreateFont(typeface, unit * 0.045f);
        for (var i = 0; i < references.Count; i++)
        {
            var x = left + i % columns * (cellWidth + gap);
            var y = top + i / columns * (cellHeight + labelHeight + gap);
            var cell = new SKRect(x, y, x + cellWidth, y + cellHeight);
            DrawImage(canvas, references[i], cell);
            if (label is not null && !string.IsNullOrWhiteSpace(references[i].Label))
            {
                using var paint = new SKPaint { Color = SKColors.White, IsAntialias = true };
                var name = references[i].Label!.Trim();
                var text = label.MeasureText(name) <= cellWidth ? name : CardText.Ellipsize(name, label, cellWidth);
                canvas.DrawText(text, x, cell.Bottom + label.Size * 1.2f, SKTextAlign.Left, label, paint);
            }
        }
        return top + rows * (cellHeight + labelHeight + gap);
    }

    private static void DrawImage(SKCanvas canvas, ReferenceImage reference, SKRect cell)
    {
        using var frame = new SKPaint { Color = SKColors.White, IsStroke = true, StrokeWidth = 2, IsAntialias = true };
        using var data = reference.Data.Length == 0 ? null : SKData.CreateCopy(reference.Data);
        using var codec = data is null ? null : SKCodec.Create(data);
        // Decoded as SKBitmap.Decode did (its own info, premultiplied), but into reused memory (CardPixels), and drawn from there
        // (SKImage.FromBitmap copied the pixels once more).
        var info = codec is null ? default : codec.Info.WithAlphaType(codec.Info.AlphaType == SKAlphaType.Unpremul ? SKAlphaType.Premul : codec.Info.AlphaType);
        using var pixels = CardPixels.Rent(Math.Max(0, info.BytesSize));
        if (codec is null || codec.GetPixels(info, pixels.Address) is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            // Undecodable bytes still get a visible slot, so a missing portrait is noticed, not hidden.
            using var fill = new SKPaint { Color = new SKColor(0, 0, 0, 90) };
            canvas.DrawRect(cell, fill);
            canvas.DrawLine(cell.Left, cell.Top, cell.Right, cell.Bottom, frame);
            canvas.DrawLine(cell.Right, cell.Top, cell.Left, cell.Bottom, frame);
        }
        else
        {
            using var image = SKImage.FromPixels(info, pixels.Address, info.RowBytes);
            canvas.DrawImage(image, CoverSource(info.Width, info.Height, cell), cell, Sampling);
        }
        canvas.DrawRect(cell, frame);
    }

    /// <summary>
    /// The top-centred part of the image with the cell's proportions, so thumbnails are cropped, not squashed;
    /// the top, because faces sit high in a portrait (and a local card's title is at its top).
    /// </summary>
    private static SKRect CoverSource(int width, int height, SKRect cell)
    {
        var scale = Math.Min(width / cell.Width, height / cell.Height);
        float w = cell.Width * scale, h = cell.Height * scale;
        return SKRect.Create((width - w) / 2, 0, w, h);
    }
}
