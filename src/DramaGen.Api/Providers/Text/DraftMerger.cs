using DramaGen.Dramas;

namespace DramaGen.Providers.Text;

/// <summary>
/// Lays a revised draft over the current drama. A part that still exists keeps its id; it keeps its
/// generated media only when nothing that shapes them changed: its own text, the drama's style, and for
/// a scene the portraits of its characters. New parts get ids above every id in use.
/// </summary>
internal sealed class DraftMerger(Drama current, DraftDrama revised, int videoDurationSeconds)
{
    private readonly HashSet<string> _redrawnCharacters = [];
    private HashSet<string> _oldCharacterIds = [];
    private HashSet<string> _newCharacterIds = [];
    private HashSet<string> _removedCharacterIds = [];
    private bool _styleChanged;

    public Drama Merge()
    {
        var style = string.IsNullOrWhiteSpace(revised.Style) ? current.Style : revised.Style.Trim();
        _styleChanged = style != current.Style;
        _oldCharacterIds = current.Characters.Select(c => c.Id).ToHashSet();
        var drama = new Drama
        {
            Id = current.Id,
            Title = string.IsNullOrWhiteSpace(revised.Title) ? current.Title : revised.Title.Trim(),
            Premise = current.Premise,
            Synopsis = DraftComposer.Clean(revised.Synopsis),
            Style = style,
            AspectRatio = current.AspectRatio,
            CreatedAt = current.CreatedAt,
            UpdatedAt = current.UpdatedAt,
            Characters = MergeCharacters(),
        };
        _newCharacterIds = drama.Characters.Select(c => c.Id).ToHashSet();
        _removedCharacterIds = _oldCharacterIds.Except(_newCharacterIds).ToHashSet();
        // Assets are merged after every character is known, so dependsOn can drop the removed ones.
        foreach (var character in drama.Characters)
            character.Assets = MergeAssets(character.Assets, !_redrawnCharacters.Contains(character.Id));
        drama.Episodes = MergeEpisodes(DraftComposer.IdsByName(drama.Characters));
        return drama;
    }

    private List<Character> MergeCharacters()
    {
        var unmatched = current.Characters.ToList();
        var usedIds = current.Characters.Select(c => c.Id).ToList();
        var result = new List<Character>();
        foreach (var draft in DraftComposer.DistinctCharacters(revised))
        {
            var old = unmatched.FirstOrDefault(c => SameText(c.Name, draft.Name));
            var id = old?.Id ?? DramaIds.Next('c', usedIds);
            usedIds.Add(id);
            var fresh = DraftComposer.NewCharacter(draft, id, videoDurationSeconds);
            var unchanged = old is not null && !_styleChanged && fresh.Name == old.Name && fresh.Description == old.Description;
            if (!unchanged) _redrawnCharacters.Add(id);
            if (old is not null)
            {
                unmatched.Remove(old);
                fresh.ImageUrl = unchanged ? old.ImageUrl : null;
                fresh.Assets = [.. old.Assets, .. fresh.Assets];
            }
            result.Add(fresh);
        }
        return result;
    }

    private List<Episode> MergeEpisodes(Dictionary<string, string> idsByName)
    {
        var drafts = (revised.Episodes ?? []).OfType<DraftEpisode>().ToList();
        var matches = new Episode?[drafts.Count];
        var taken = new HashSet<Episode>();
        for (var i = 0; i < matches.Length; i++)
        {
            matches[i] = current.Episodes.FirstOrDefault(e => !taken.Contains(e) && SameText(e.Title, drafts[i].Title));
            if (matches[i] is { } byTitle) taken.Add(byTitle);
        }
        for (var i = 0; i < matches.Length && i < current.Episodes.Count; i++)
        {
            if (matches[i] is null && taken.Add(current.Episodes[i])) matches[i] = current.Episodes[i];
        }

        var usedIds = current.Episodes.Select(e => e.Id).ToList();
        var result = new List<Episode>();
        for (var i = 0; i < matches.Length; i++)
        {
            var draft = drafts[i];
            var id = matches[i]?.Id ?? DramaIds.Next('e', usedIds);
            usedIds.Add(id);
            result.Add(new Episode
            {
                Id = id,
                Title = DraftComposer.Clean(draft.Title),
                Synopsis = DraftComposer.Clean(draft.Synopsis),
                Scenes = MergeScenes(matches[i]?.Scenes ?? [], (draft.Scenes ?? []).OfType<DraftScene>().ToList(), idsByName),
            });
        }
        return result;
    }

    private List<Scene> MergeScenes(List<Scene> oldScenes, IReadOnlyList<DraftScene> drafts, Dictionary<string, string> idsByName)
    {
        var unmatched = oldScenes.ToList();
        var usedIds = oldScenes.Select(s => s.Id).ToList();
        var result = new List<Scene>();
        foreach (var draft in drafts)
        {
            var old = unmatched.FirstOrDefault(s => SameText(s.Title, draft.Title));
            var id = old?.Id ?? DramaIds.Next('s', usedIds);
            usedIds.Add(id);
            var fresh = DraftComposer.NewScene(draft, id, idsByName, videoDurationSeconds);
            if (old is not null)
            {
                unmatched.Remove(old);
                var unchanged = !_styleChanged && fresh.Description == old.Description && fresh.Location == old.Location
                    && fresh.Characters.SequenceEqual(old.Characters) && !fresh.Characters.Any(_redrawnCharacters.Contains);
                fresh.ImageUrl = unchanged ? old.ImageUrl : null;
                fresh.Assets = MergeAssets([.. old.Assets, .. fresh.Assets], unchanged);
            }
            result.Add(fresh);
        }
        return result;
    }

    /// <summary>
    /// <paramref name="assets"/> is the owner's existing assets followed by its fresh default asset. The default
    /// replaces the existing asset of its tag (taking its id), or joins the list with a new id when there is none.
    /// </summary>
    private List<DramaAsset> MergeAssets(List<DramaAsset> assets, bool ownerUnchanged)
    {
        var fresh = assets[^1];
        var existing = assets.SkipLast(1).ToList();
        var defaultIndex = existing.FindIndex(a => a.Tag == fresh.Tag);
        var result = new List<DramaAsset>();
        for (var i = 0; i < existing.Count; i++)
        {
            var old = existing[i];
            var copy = Copy(old);
            copy.DependsOn = old.DependsOn.Where(d => !_removedCharacterIds.Contains(d)).ToList();
            if (i == defaultIndex)
            {
                copy.Prompt = fresh.Prompt;
                copy.DependsOn = fresh.DependsOn.Concat(copy.DependsOn.Where(d => !IsCharacterId(d))).Distinct().ToList();
                copy.DurationSeconds = old.DurationSeconds ?? fresh.DurationSeconds;
            }
            var unchanged = ownerUnchanged && copy.Prompt == old.Prompt && copy.DependsOn.SequenceEqual(old.DependsOn);
            if (!unchanged) (copy.Url, copy.Status) = (null, AssetStatuses.Pending);
            result.Add(copy);
        }
        if (defaultIndex < 0)
        {
            fresh.Id = DramaIds.Next('a', existing.Select(a => a.Id));
            result.Add(fresh);
        }
        return result;
    }

    private bool IsCharacterId(string id) => _oldCharacterIds.Contains(id) || _newCharacterIds.Contains(id);

    private static DramaAsset Copy(DramaAsset asset) => new()
    {
        Id = asset.Id, Type = asset.Type, Tag = asset.Tag, Prompt = asset.Prompt, DurationSeconds = asset.DurationSeconds,
        DependsOn = [.. asset.DependsOn], Url = asset.Url, Status = asset.Status,
    };

    private static bool SameText(string? a, string? b) =>
        string.Equals(DraftComposer.Clean(a), DraftComposer.Clean(b), StringComparison.OrdinalIgnoreCase);
}
