using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DramaGen.Http;
using Microsoft.Extensions.Options;

namespace DramaGen.Generation.Events;

/// <summary>
/// Short-lived tokens for the SSE route: EventSource cannot send X-API-Key, so the page trades its key
/// for a token (POST /auth/stream-token) and puts that in the stream's query string. A token opens one
/// job's stream of one drama, as the key's owner: "{expiry unix seconds}.{HMAC-SHA256}" for an admin key,
/// "{expiry}.{owner}.{HMAC}" for an owned one, the HMAC covering expiry, drama, job and owner under a secret
/// that lives only in this process, so a restart revokes every token and nothing needs storing. Only the
/// exact text Issue wrote validates (no padding, no leading zeros), so one token has one spelling.
/// </summary>
public sealed class StreamTokens(TimeProvider clock, IOptions<RunEventOptions> options)
{
    private const string Purpose = "dramagen-stream:";
    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(32);

    public (string Token, DateTimeOffset ExpiresAt) Issue(string dramaId, string jobId, Caller caller)
    {
        // Whole seconds: the expiry is part of the signed text.
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((clock.GetUtcNow() + options.Value.StreamTokenLifetime).ToUnixTimeSeconds());
        return (Format(expiresAt.ToUnixTimeSeconds(), dramaId, jobId, caller.OwnerId), expiresAt);
    }

    /// <returns>Whom the token acts as, or null when it is not a live token of this drama's job.</returns>
    public Caller? Validate(string? token, string dramaId, string jobId)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 256)
        {
            return null;
        }
        var parts = token.Split('.');
        if (parts.Length is not (2 or 3) || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry))
        {
            return null;
        }
        var owner = parts.Length == 3 ? parts[1] : null;
        var expected = Format(expiry, dramaId, jobId, owner);
        // Fixed-time over the whole text: a re-spelled expiry or signature (leading zeros, '=' padding) differs too.
        var match = CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(expected));
        return match && clock.GetUtcNow().ToUnixTimeSeconds() < expiry ? new Caller(owner) : null;
    }

    private string Format(long expiry, string dramaId, string jobId, string? owner)
    {
        var expiryText = expiry.ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes($"{Purpose}{expiryText}\n{dramaId}\n{jobId}\n{owner}"));
        return owner is null ? $"{expiryText}.{Base64Url.EncodeToString(mac)}" : $"{expiryText}.{owner}.{Base64Url.EncodeToString(mac)}";
    }
}
