using System.Buffers.Binary;

namespace DramaGen.Providers.Local;

/// <summary>
/// Deterministic choices from a seed: each choice hashes the seed with a label naming what is chosen,
/// so adding a choice elsewhere never shifts the others (as drawing from one Random would).
/// </summary>
internal sealed class SeededChooser(byte[] seed)
{
    private readonly string _seed = Convert.ToHexStringLower(seed);

    public int Next(string label, int exclusiveMax)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exclusiveMax);
        var digest = StableHash.Of(_seed, label);
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(digest) % (ulong)exclusiveMax);
    }

    public T Pick<T>(IReadOnlyList<T> items, string label) => items[Next(label, items.Count)];

    /// <summary>A deterministic shuffle (Fisher-Yates driven by labelled choices).</summary>
    public List<T> Shuffle<T>(IEnumerable<T> items, string label)
    {
        var list = items.ToList();
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = Next($"{label}#{i}", i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
        return list;
    }
}
