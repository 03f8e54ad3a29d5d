using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace DramaGen.Configuration;

/// <summary>Service-wide settings, bound from the Python service's environment variable names.</summary>
public sealed class ServiceOptions
{
    /// <summary>Comma-separated keys accepted in X-API-Key; empty turns auth off.</summary>
    [ConfigurationKeyName("API_KEYS")] public string ApiKeys { get; set; } = "";

    /// <summary>Comma-separated origins allowed by CORS.</summary>
    [ConfigurationKeyName("CORS_ORIGINS")] public string CorsOrigins { get; set; } = "";

    [ConfigurationKeyName("ENVIRONMENT")] public string Environment { get; set; } = "development";

    [ConfigurationKeyName("PORT"), Range(1, 65535)] public int Port { get; set; } = 8000;

    [ConfigurationKeyName("DEFAULT_USER_ID"), RegularExpression("^[A-Za-z0-9_-]{1,64}$")]
    public string DefaultUserId { get; set; } = "10000";

    [ConfigurationKeyName("DEFAULT_ASPECT_RATIO"), RegularExpression(AspectRatios.Pattern)]
    public string DefaultAspectRatio { get; set; } = "9:16";

    [ConfigurationKeyName("DEFAULT_VIDEO_DURATION"), Range(1, 60)]
    public int DefaultVideoDuration { get; set; } = 10;

    public IReadOnlyList<string> ApiKeyList => Split(ApiKeys);

    public IReadOnlyList<string> CorsOriginList => Split(CorsOrigins);

    public bool IsProduction => Environment.Equals("production", StringComparison.OrdinalIgnoreCase);

    private static string[] Split(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

public static class AspectRatios
{
    public const string Pattern = "^(1:1|2:3|3:2|3:4|4:3|4:5|5:4|9:16|16:9|21:9)$";

    /// <summary>Width and height of a frame of the given ratio whose short side is <paramref name="shortSide"/>.</summary>
    public static (int Width, int Height) Size(string ratio, int shortSide)
    {
        var parts = ratio.Split(':');
        int w = int.Parse(parts[0]), h = int.Parse(parts[1]);
        return w <= h ? (shortSide, shortSide * h / w) : (shortSide * w / h, shortSide);
    }
}
