using DramaGen.Dramas;
using DramaGen.Providers;

namespace DramaGen.Authoring;

/// <summary>
/// Turns the light drama a text model writes into a full <see cref="Drama"/>: ids, character names
/// resolved to character ids, and the default assets. <see cref="ComposeImproved"/> keeps the ids (and the
/// media already generated) of everything that survives the revision.
/// </summary>
public static class DraftComposer
{
    public const string DefaultAspectRatio = "9:16";

    /// <summary>A new drama from a draft written for <paramref name="brief"/>.</summary>
    public static Drama Compose(DraftDrama draft, DramaBrief brief, int videoDurationSeconds)
    {
        var drama = new Drama
        {
            Title = Clean(draft.Title),
            Premise = brief.Premise,
            Synopsis = Clean(draft.Synopsis),
            Style = string.IsNullOrWhiteSpace(brief.Style) ? Clean(draft.Style) : brief.Style.Trim(),
            AspectRatio = string.IsNullOrWhiteSpace(brief.AspectRatio) ? DefaultAspectRatio : brief.AspectRatio,
        };
        foreach (var character in DistinctCharacters(draft))
            drama.Characters.Add(NewCharacter(character, DramaIds.Format('c', drama.Characters.Count + 1), videoDurationSeconds));

        var idsByName = IdsByName(drama.Characters);
        foreach (var draftEpisode in (draft.Episodes ?? []).OfType<DraftEpisode>())
        {
            var episode = new Episode
            {
                Id = DramaIds.Format('e', drama.Episodes.Count + 1),
                Title = Clean(draftEpisode.Title),
                Synopsis = Clean(draftEpisode.Synopsis),
            };
            foreach (var draftScene in (draftEpisode.Scenes ?? []).OfType<DraftScene>())
                episode.Scenes.Add(NewScene(draftScene, DramaIds.Format('s', episode.Scenes.Count + 1), idsByName, videoDurationSeconds));
            drama.Episodes.Add(episode);
        }
        return drama;
    }

    /// <summary>
    /// <paramref name="current"/> revised as <paramref name="revised"/> says: characters matched by name,
    /// episodes by title or else position, scenes by title within their episode keep their ids; their
    /// portraits, storyboards and assets keep their urls and statuses when nothing that shapes them changed.
    /// </summary>
    public static Drama ComposeImproved(Drama current, DraftDrama revised, int videoDurationSeconds) =>
        new DraftMerger(current, revised, videoDurationSeconds).Merge();

    internal static IEnumerable<DraftCharacter> DistinctCharacters(DraftDrama draft)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        return (draft.Characters ?? []).OfType<DraftCharacter>().Where(c => !string.IsNullOrWhiteSpace(c.Name) && seen.Add(c.Name.Trim()));
    }

    internal static Dictionary<string, string> IdsByName(IEnumerable<Character> characters) =>
        characters.ToDictionary(c => c.Name.Trim(), c => c.Id, StringComparer.OrdinalIgnoreCase);

    /// <summary>The ids of the named characters, in order, without unknown names or repeats.</summary>
    internal static List<string> ResolveCharacters(IEnumerable<string> names, Dictionary<string, string> idsByName) =>
        (names ?? []).OfType<string>().Select(n => idsByName.GetValueOrDefault(Clean(n))).OfType<string>().Distinct().ToList();

    internal static Character NewCharacter(DraftCharacter draft, string id, int videoDurationSeconds)
    {
        var name = draft.Name.Trim();
        var description = Clean(draft.Description);
        return new Character
        {
            Id = id,
            Name = name,
            Description = description,
            Assets = [DefaultAssets.Audition(name, description, videoDurationSeconds)],
        };
    }

    internal static Scene NewScene(DraftScene draft, string id, Dictionary<string, string> idsByName, int videoDurationSeconds)
    {
        var characters = ResolveCharacters(draft.Characters, idsByName);
        return new Scene
        {
            Id = id,
            Title = Clean(draft.Title),
            Description = Clean(draft.Description),
            Location = Clean(draft.Location),
            Characters = characters,
            Assets = [DefaultAssets.Clip(ClipPromptOf(draft), characters, videoDurationSeconds)],
            Lines = NewLines(draft.Lines, characters, idsByName, []),
        };
    }

    /// <summary>
    /// The draft's lines with ids (after <paramref name="usedIds"/>) and speakers resolved to character ids. A
    /// speaker the drama does not know is the narrator; a known one missing from the scene joins it (the lines
    /// say who is there). Blank lines are dropped.
    /// </summary>
    internal static List<Line> NewLines(IReadOnlyList<DraftLine>? drafts, List<string> sceneCharacters, Dictionary<string, string> idsByName,
        List<string> usedIds)
    {
        var lines = new List<Line>();
        foreach (var draft in (drafts ?? []).OfType<DraftLine>().Where(l => !string.IsNullOrWhiteSpace(l.Text)))
        {
            var speaker = idsByName.GetValueOrDefault(Clean(draft.Speaker)) ?? Speakers.Narrator;
            if (speaker != Speakers.Narrator && !sceneCharacters.Contains(speaker)) sceneCharacters.Add(speaker);
            var id = DramaIds.Next('l', usedIds);
            usedIds.Add(id);
            var direction = Clean(draft.Direction);
            lines.Add(new Line { Id = id, Speaker = speaker, Text = Clean(draft.Text), Direction = direction.Length == 0 ? null : direction });
        }
        return lines;
    }

    internal static string ClipPromptOf(DraftScene draft) =>
        string.IsNullOrWhiteSpace(draft.ClipPrompt) ? Clean(draft.Description) : draft.ClipPrompt.Trim();

    /// <summary>Trimmed text; a field a model left out (null despite the contract) becomes empty, not a crash.</summary>
    internal static string Clean(string? text) => text?.Trim() ?? "";
}
