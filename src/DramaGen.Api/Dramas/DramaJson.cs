using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DramaGen.Dramas;

/// <summary>The one serializer setting for drama documents, so stored bytes (and their ETag) are stable.</summary>
public static class DramaJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = false,
    };

    public static byte[] Serialize(Drama drama) => JsonSerializer.SerializeToUtf8Bytes(drama, Options);

    public static Drama Deserialize(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize<Drama>(utf8, Options) ?? throw new JsonException("The document is null.");

    /// <summary>Writes the drama to <paramref name="utf8"/> a buffer at a time (no whole-document array).</summary>
    public static void SerializeTo(Drama drama, Stream utf8) => JsonSerializer.Serialize(utf8, drama, Options);

    /// <summary>Reads a drama from <paramref name="utf8"/> a buffer at a time (no whole-document array).</summary>
    public static Drama Deserialize(Stream utf8) =>
        JsonSerializer.Deserialize<Drama>(utf8, Options) ?? throw new JsonException("The document is null.");

    /// <summary>The ETag of a stored drama: the SHA-256 of its bytes, quoted as HTTP wants.</summary>
    public static string ETagOf(ReadOnlySpan<byte> storedBytes) =>
        $"\"{Convert.ToHexStringLower(SHA256.HashData(storedBytes))}\"";

    /// <summary>The ETag of stored bytes read from <paramref name="storedBytes"/>' position to its end.</summary>
    public static string ETagOf(Stream storedBytes) =>
        $"\"{Convert.ToHexStringLower(SHA256.HashData(storedBytes))}\"";
}
