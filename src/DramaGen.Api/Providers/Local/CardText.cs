using SkiaSharp;

namespace DramaGen.Providers.Local;

/// <summary>Word-wraps text to a width and shrinks it until it fits a box, so any prompt reads on the card.</summary>
internal static class CardText
{
    /// <summary>The largest size from <paramref name="maxSize"/> down to <paramref name="minSize"/> whose wrapped lines fit; the lines are cut with an ellipsis if even the smallest does not.</summary>
    public static (float Size, List<string> Lines) Fit(string text, SKTypeface typeface, float width, float height, float maxSize, float minSize)
    {
        for (var size = maxSize; ; size *= 0.9f)
        {
            using var font = CreateFont(typeface, Math.Max(size, minSize));
            var lines = Wrap(text, font, width);
            var fitting = (int)Math.Floor(height / LineHeight(font));
            if (lines.Count <= fitting) return (font.Size, lines);
            if (size <= minSize)
            {
                var cut = lines.Take(Math.Max(fitting, 1)).ToList();
                cut[^1] = Ellipsize(cut[^1], font, width);
                return (font.Size, cut);
            }
        }
    }

    public static SKFont CreateFont(SKTypeface typeface, float size) => new(typeface, size)
    {
        Edging = SKFontEdging.Antialias,
        Hinting = SKFontHinting.None,
        Subpixel = true,
    };

    public static float LineHeight(SKFont font) => font.Spacing;

    public static List<string> Wrap(string text, SKFont font, float width)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : $"{line} {word}";
            if (font.MeasureText(candidate) <= width)
            {
                line = candidate;
                continue;
            }
            if (line.Length > 0) lines.Add(line);
            line = word;
            // A word wider than the line (a URL, a long name) is broken where it must be.
            while (font.MeasureText(line) > width && line.Length > 1)
            {
                var take = line.Length - 1;
                while (take > 1 && font.MeasureText(line.AsSpan(0, take)) > width) take--;
                lines.Add(line[..take]);
                line = line[take..];
            }
        }
        if (line.Length > 0) lines.Add(line);
        return lines;
    }

    public static string Ellipsize(string line, SKFont font, float width)
    {
        var text = line;
        while (text.Length > 0 && font.MeasureText(text + "…") > width) text = text[..^1];
        return text.TrimEnd() + "…";
    }
}
