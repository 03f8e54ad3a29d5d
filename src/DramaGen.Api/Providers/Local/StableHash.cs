using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace DramaGen.Providers.Local;

/// <summary>
/// SHA-256 over length-prefixed parts: stable across processes and runtimes, unlike string.GetHashCode,
/// and unambiguous ("ab"+"c" never collides with "a"+"bc").
/// </summary>
internal static class StableHash
{
    public static byte[] Of(params IEnumerable<string> parts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[4];
        foreach (var part in parts)
        {
            var bytes = Encoding.UTF8.GetBytes(part);
            BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
            hash.AppendData(length);
            hash.AppendData(bytes);
        }
        return hash.GetHashAndReset();
    }

    /// <summary>A short hex digest, enough to tell requests apart in logs and operation ids.</summary>
    public static string Hex(params IEnumerable<string> parts) => Convert.ToHexStringLower(Of(parts))[..16];

    /// <summary>The digest of binary content, to fold images into a request hash.</summary>
    public static string OfBytes(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>A number in [0, 1) taken from the first 53 bits of the digest.</summary>
    public static double Unit(byte[] digest) =>
        (BinaryPrimitives.ReadUInt64BigEndian(digest) >> 11) * (1.0 / (1UL << 53));
}
