using DramaGen.Dramas;

namespace DramaGen.Providers.Text;

/// <summary>
/// Turns the light drama a text model writes into a full <see cref="Drama"/>: ids, character names
/// resolved to character ids, and the default assets. The improve overload keeps the ids (and the
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
            Title = draft.Title.Trim(),
            Premise = brief.Premise,
            Synopsis = draft.Synopsis.Trim(),
            Style = string.IsNullOrWhiteSpace(brief.Style) ? draft.Style.Trim() : brief.Style.Trim(),
            AspectRatio = string.IsNullOrWhiteSpace(brief.AspectRatio) ? DefaultAspectRatio : brief.AspectRatio,
        };
        foreach (var character in DistinctCharacters(draft))
            drama.Characters.Add(NewCharacter(character, DramaIds.Format('c', drama.Characters.Count + 1), videoDurationSeconds));

        var idsByName = IdsByName(drama.Characters);
        foreach (var draftEpisode in draft.Episodes)
        {
            var episode = new Episode
            {
                Id = DramaIds.Format('e', drama.Episodes.Count + 1),
                Title = draftEpisode.Title.Trim(),
                Synopsis = draftEpisode.Synopsis.Trim(),
            };
            foreach (var draftScene in draftEpisode.Scenes)
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
    public static Drama Compose(Drama current, DraftDrama revised, int videoDurationSeconds) =>
        new DraftMerger(current, revised, videoDurationSeconds).Merge();

    internal static IEnumerable<DraftCharacter> DistinctCharacters(DraftDrama draft)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        return draft.Characters.Where(c => !string.IsNullOrWhiteSpace(c.Name) && seen.Add(c.Name.Trim()));
    }

    internal static Dictionary<string, string> IdsByName(IEnumerable<Character> characters) =>
        characters.ToDictionary(c => c.Name.Trim(), c => c.Id, StringComparer.OrdinalIgnoreCase);

    /// <summary>The ids of the named characters, in order, without unknown names or repeats.</summary>
    internal static List<string> ResolveCharacters(IEnumerable<string> names, Dictionary<string, string> idsByName) =>
        names.Select(n => idsByName.GetValueOrDefault(n.Trim())).OfType<string>().Distinct().ToList();

    internal static Character NewCharacter(DraftCharacter draft, string id, int videoDurationSeconds)
    {
        var name = draft.Name.Trim();
        var description = draft.Description.Trim();
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
            Title = draft.Title.Trim(),
            Description = draft.Description.Trim(),
            Location = draft.Location.Trim(),
            Characters = characters,
            Assets = [DefaultAssets.Clip(ClipPromptOf(draft), characters, videoDurationSeconds)],
        };
    }

    internal static string ClipPromptOf(DraftScene draft) =>
        string.IsNullOrWhiteSpace(draft.ClipPrompt) ? draft.Description.Trim() : draft.ClipPrompt.Trim();
}
