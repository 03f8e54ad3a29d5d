using System.Text.RegularExpressions;
using DramaGen.Dramas;

namespace DramaGen.Providers.Local;

/// <summary>
/// Revises a drama by weaving the feedback into it, keeping every name and title so ids survive.
/// Feedback that names characters revises them and their scenes only; other feedback revises every scene.
/// Weaving the same feedback twice changes nothing the second time.
/// </summary>
internal static class LocalDramaReviser
{
    private const int MaxFeedbackLength = 400;
    private const int MaxNotes = 3;
    private const string NotePrefix = "Revised: ";

    public static DraftDrama Revise(Drama current, string feedback)
    {
        var note = Note(feedback);
        var namesById = current.Characters.ToDictionary(c => c.Id, c => c.Name);
        var named = current.Characters.Where(c => Mentions(note, c.Name)).Select(c => c.Id).ToHashSet();

        var characters = current.Characters
            .Select(c => new DraftCharacter(c.Name, named.Contains(c.Id) ? Weave(c.Description, note) : c.Description))
            .ToList();
        var episodes = current.Episodes.Select(episode => new DraftEpisode(
            episode.Title,
            Weave(episode.Synopsis, note),
            episode.Scenes.Select(scene => ReviseScene(scene, note, namesById, named)).ToList())).ToList();

        return new DraftDrama(current.Title, Weave(current.Synopsis, note), current.Style, characters, episodes);
    }

    private static DraftScene ReviseScene(Scene scene, string note, Dictionary<string, string> namesById, HashSet<string> named)
    {
        var targeted = named.Count == 0 || scene.Characters.Any(named.Contains);
        var clip = scene.Assets.FirstOrDefault(a => a.Tag == "clip")?.Prompt ?? scene.Description;
        return new DraftScene(
            scene.Title,
            targeted ? Weave(scene.Description, note) : scene.Description,
            scene.Location,
            scene.Characters.Where(namesById.ContainsKey).Select(id => namesById[id]).ToList(),
            targeted ? Weave(clip, note) : clip,
            ReviseLines(scene, note, namesById, targeted));
    }

    /// <summary>Every line survives word for word (so its speech is kept); a scene the feedback targets gets a narrator line of it.</summary>
    private static List<DraftLine> ReviseLines(Scene scene, string note, Dictionary<string, string> namesById, bool targeted)
    {
        var lines = scene.Lines.Select(line => new DraftLine(namesById.GetValueOrDefault(line.Speaker, line.Speaker), line.Text, line.Direction ?? "")).ToList();
        if (targeted && note.Length > 0 && !lines.Any(line => line.Text == note)) lines.Add(new DraftLine(Speakers.Narrator, note, ""));
        return lines;
    }

    /// <summary>The feedback as one sentence of revision, whitespace collapsed and length bounded.</summary>
    private static string Note(string feedback)
    {
        var text = LocalDramaWriter.Collapse(feedback);
        if (text.Length > MaxFeedbackLength) text = text[..MaxFeedbackLength].TrimEnd() + "…";
        return text.Length == 0 ? "" : $"{NotePrefix}{text.TrimEnd('.', '!', '?')}.";
    }

    /// <summary>
    /// Appends the note unless the text has it already. Only the latest <see cref="MaxNotes"/> notes are kept,
    /// so a drama improved many times does not grow without bound (and past the stored text limits).
    /// </summary>
    private static string Weave(string text, string note)
    {
        if (note.Length == 0 || text.Contains(note, StringComparison.Ordinal)) return text;
        var parts = text.Split(NotePrefix);
        var notes = parts.Skip(1).Select(n => NotePrefix + n.Trim()).Append(note).TakeLast(MaxNotes);
        return string.Join(" ", new[] { parts[0].Trim() }.Concat(notes).Where(p => p.Length > 0));
    }

    private static bool Mentions(string note, string name) =>
        name.Length > 0 && Regex.IsMatch(note, $@"\b{Regex.Escape(name)}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
}
