using System.Text.RegularExpressions;
using DramaGen.Configuration;

namespace DramaGen.Providers.Local;

/// <summary>The frame size of local media: the requested aspect ratio with LOCAL_MEDIA_SIZE as its short side.</summary>
internal static class LocalMediaSize
{
    public const string DefaultAspectRatio = "9:16";

    /// <summary>The aspect ratio to render, defaulting a blank one; an unknown one is a non-retryable failure.</summary>
    public static string CheckAspectRatio(string? aspectRatio)
    {
        var ratio = string.IsNullOrWhiteSpace(aspectRatio) ? DefaultAspectRatio : aspectRatio.Trim();
        return Regex.IsMatch(ratio, AspectRatios.Pattern)
            ? ratio
            : throw new ProviderException(LocalProviderBehaviour.ProviderName,
                $"unsupported aspect ratio '{ratio}' (supported: {AspectRatios.Pattern.Trim('^', '$', '(', ')').Replace("|", ", ")})", isRetryable: false);
    }

    public static (int Width, int Height) Of(string aspectRatio, int shortSide) => AspectRatios.Size(aspectRatio, shortSide);

    /// <summary>The same size rounded down to even numbers, as H.264 in yuv420p requires.</summary>
    public static (int Width, int Height) EvenOf(string aspectRatio, int shortSide)
    {
        var (width, height) = Of(aspectRatio, shortSide);
        return (width & ~1, height & ~1);
    }
}
