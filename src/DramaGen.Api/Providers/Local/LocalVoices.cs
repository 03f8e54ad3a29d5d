namespace DramaGen.Providers.Local;

/// <summary>One local voice: an espeak-ng variant and a pitch (0-99), so speakers sound apart.</summary>
internal sealed record LocalVoice(string Name, string Variant, int Pitch);

internal static class LocalVoices
{
    /// <summary>Low and high voices alternate, so the first two speakers of a drama differ most.</summary>
    public static readonly IReadOnlyList<LocalVoice> All =
    [
        new("m3-low", "m3", 30), new("f2-high", "f2", 75), new("m1-mid", "m1", 45), new("f4-mid", "f4", 60),
        new("m7-deep", "m7", 20), new("f1-bright", "f1", 85), new("m2-warm", "m2", 40), new("f3-soft", "f3", 68),
    ];

    public static readonly IReadOnlyList<string> Names = [.. All.Select(voice => voice.Name)];

    /// <summary>A name of another provider's list (a drama written for Gemini, say) still maps to a stable local voice.</summary>
    public static LocalVoice Find(string name) =>
        All.FirstOrDefault(voice => voice.Name == name) ?? All[(int)(StableHash.Unit(StableHash.Of("voice", name)) * All.Count)];
}
