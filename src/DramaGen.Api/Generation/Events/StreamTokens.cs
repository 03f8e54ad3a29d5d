using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace DramaGen.Generation.Events;

/// <summary>
/// Short-lived tokens for the SSE route: EventSource cannot send X-API-Key, so the page trades its key
/// for a token (POST /auth/stream-token) and puts that in the stream's query string. A token is
/// "{expiry unix seconds}.{HMAC-SHA256 of it}" under a secret that lives only in this process, so a
/// restart revokes every token and nothing needs storing.
/// </summary>
public sealed class StreamTokens(TimeProvider clock, IOptions<RunEventOptions> options)
{
    private const string Purpose = "dramagen-stream:";
    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(32);

    public (string Token, DateTimeOffset ExpiresAt) Issue()
    {
        // Whole seconds: the expiry is part of the signed text.
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((clock.GetUtcNow() + options.Value.StreamTokenLifetime).ToUnixTimeSeconds());
        var expiry = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return (expiry + "." + Base64Url.EncodeToString(Sign(expiry)), expiresAt);
    }

    public bool IsValid(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 128)
        {
            return false;
        }
        var dot = token.IndexOf('.');
        if (dot <= 0 || !long.TryParse(token.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var expiry))
        {
            return false;
        }
        byte[] mac;
        try
        {
            mac = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(mac, Sign(token[..dot]))
            && clock.GetUtcNow().ToUnixTimeSeconds() < expiry;
    }

    private byte[] Sign(string expiry) => HMACSHA256.HashData(_secret, Encoding.ASCII.GetBytes(Purpose + expiry));
}
