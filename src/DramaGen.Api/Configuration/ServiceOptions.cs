using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace DramaGen.Configuration;

/// <summary>Service-wide settings, bound from the Python service's environment variable names.</summary>
public sealed class ServiceOptions
{
    /// <summary>
    /// Comma-separated keys accepted in X-API-Key; empty turns auth off. An entry <c>key=user_id</c> is a key
    /// owned by that user (its own assets and dramas only); a bare key is an admin key that may act for any user.
    /// </summary>
    [ConfigurationKeyName("API_KEYS"), ApiKeyEntries] public string ApiKeys { get; set; } = "";

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

    public IReadOnlyList<string> ApiKeyList => [.. ApiKeyEntries.Select(entry => entry.Key)];

    /// <summary>Every key with its owner (null: an admin key).</summary>
    public IReadOnlyList<(string Key, string? Owner)> ApiKeyEntries => [.. Split(ApiKeys).Select(ParseKeyEntry)];

    internal static (string Key, string? Owner) ParseKeyEntry(string entry)
    {
        var equals = entry.LastIndexOf('=');
        return equals < 0 ? (entry, null) : (entry[..equals].Trim(), entry[(equals + 1)..].Trim());
    }

    public IReadOnlyList<string> CorsOriginList => Split(CorsOrigins);

    public bool IsProduction => Environment.Equals("production", StringComparison.OrdinalIgnoreCase);

    private static string[] Split(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Every owned entry of API_KEYS is "key=user_id" with a non-empty key and a valid user id.</summary>
internal sealed partial class ApiKeyEntriesAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        var entries = ((string?)value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var bad = entries.Select(ServiceOptions.ParseKeyEntry).Count(entry => entry.Key.Length == 0 || entry.Owner is not null && !UserId().IsMatch(entry.Owner));
        // The message never quotes an entry: it holds a secret.
        return bad == 0 ? ValidationResult.Success
            : new ValidationResult($"{bad} entr{(bad == 1 ? "y is" : "ies are")} not 'key' or 'key=user_id' (user ids match ^[A-Za-z0-9_-]{{1,64}}$).");
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial System.Text.RegularExpressions.Regex UserId();
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
