using DramaGen.Dramas;

namespace DramaGen.Generation.Inputs;

/// <summary>
/// Gives every character without a voice, and the narrator, one from the speech provider's list:
/// deterministically (document order), and distinct from every voice already in the drama as long as the
/// list has unused ones. Voices once given are stored in the drama, so later edits never reshuffle them.
/// </summary>
public static class VoiceCasting
{
    public static bool NeedsCasting(Drama drama) =>
        HasSpeech(drama) && (drama.NarratorVoice is null || (drama.Characters ?? []).Any(c => c is not null && c.Voice is null));

    /// <summary>Fills the missing voices in place; returns whether it changed anything.</summary>
    public static bool Cast(Drama drama, IReadOnlyList<string> voices)
    {
        if (voices.Count == 0 || !NeedsCasting(drama))
        {
            return false;
        }
        var used = new HashSet<string>((drama.Characters ?? []).Select(c => c?.Voice).OfType<string>(), StringComparer.OrdinalIgnoreCase);
        if (drama.NarratorVoice is not null) used.Add(drama.NarratorVoice);
        var next = 0;
        string Pick()
        {
            var free = voices.Skip(next).Concat(voices.Take(next)).FirstOrDefault(voice => !used.Contains(voice));
            // More speakers than voices: reuse them in order.
            var voice = free ?? voices[next % voices.Count];
            next = (voices.IndexOf(voice) + 1) % voices.Count;
            used.Add(voice);
            return voice;
        }
        foreach (var character in (drama.Characters ?? []).Where(c => c is not null && c.Voice is null))
        {
            character.Voice = Pick();
        }
        drama.NarratorVoice ??= Pick();
        return true;
    }

    private static bool HasSpeech(Drama drama) =>
        (drama.Episodes ?? []).Where(e => e is not null).SelectMany(e => e.Scenes ?? []).Where(s => s is not null)
            .Any(scene => scene.Lines is { Count: > 0 } || (scene.Assets ?? []).Any(a => a?.Type == AssetTypes.Audio));

    private static int IndexOf(this IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++) if (list[i] == value) return i;
        return -1;
    }
}
