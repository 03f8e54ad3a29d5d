using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace DramaGen.Generation.Inputs;

/// <summary>
/// The input hash of a node: SHA-256 over its <see cref="NodeInput"/> and the output hashes of its
/// dependencies. Every field is length-prefixed, so no two different inputs share a byte stream.
/// </summary>
public static class InputHasher
{
    // Bump when the meaning of a field changes, so every node is regenerated once.
    private const string Version = "dramagen-node-input-v1";

    /// <param name="dependencyOutputs">(node id, output hash) of each dependency; order does not matter.</param>
    public static string Compute(string nodeId, NodeInput input, IEnumerable<(string NodeId, string? OutputHash)> dependencyOutputs)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, Version);
        Append(hash, nodeId);
        Append(hash, input.Prompt);
        Append(hash, input.Style);
        Append(hash, input.AspectRatio);
        Append(hash, input.AssetType);
        Append(hash, input.DurationSeconds?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "");
        Append(hash, input.Provider);
        Append(hash, input.Model);
        if (input.Voice is not null)
        {
            // Only speech has a voice; other nodes hash exactly as before, so their outputs stay up to date.
            Append(hash, "speech");
            Append(hash, input.Voice);
            Append(hash, input.Direction ?? "");
        }
        if (input.ClipMode is not null)
        {
            Append(hash, "clip-mode");
            Append(hash, input.ClipMode);
        }
        foreach (var (dependency, output) in dependencyOutputs.OrderBy(pair => pair.NodeId, StringComparer.Ordinal))
        {
            Append(hash, dependency);
            Append(hash, output ?? "");
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public static string HashOutput(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Structural nodes have no bytes; their "output" is a constant, so they never make dependents dirty.</summary>
    public static string StructuralOutput(string nodeId) => HashOutput(Encoding.UTF8.GetBytes("structure:" + nodeId));

    private static void Append(IncrementalHash hash, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
