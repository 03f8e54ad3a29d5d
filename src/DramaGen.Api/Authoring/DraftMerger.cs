using DramaGen.Dramas;
using DramaGen.Providers;

namespace DramaGen.Authoring;

/// <summary>
/// Lays a revised draft over the current drama. A part that still exists keeps its id; it keeps its
/// generated media only when nothing that shapes them changed: its own text, the drama's style, and for
/// a scene the portraits of its characters. New parts get ids above every id in use.
/// </summary>
internal sealed class DraftMerger(Drama current, DraftDrama revised, int videoDurationSeconds)
{
    private readonly HashSet<string> _redrawnCharacters = [];
    private AssetMerger _assets = null!;
    private bool _styleChanged;

    public Drama Merge()
    {
        var style = string.IsNullOrWhiteSpace(revised.Style) ? current.Style : revised.Style.Trim();
        _styleChanged = style != current.Style;
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
        // Assets are merged once every character is known, so dependsOn can drop the removed ones.
        _assets = new AssetMerger(current.Characters.Select(c => c.Id), drama.Characters.Select(c => c.Id));
        foreach (var character in drama.Characters)
            character.Assets = _assets.Merge(character.Assets, !_redrawnCharacters.Contains(character.Id));
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
                fresh.Assets = _assets.Merge([.. old.Assets, .. fresh.Assets], unchanged);
                fresh.Lines = MergeLines(old.Lines, fresh.Lines);
            }
            result.Add(fresh);
        }
        return result;
    }

    /// <summary>
    /// A revised line said by the same speaker with the same words is the old line: it keeps its id and its
    /// recorded speech. Others are new and get ids above every line id the scene had.
    /// </summary>
    private static List<Line> MergeLines(List<Line> oldLines, List<Line> revised)
    {
        var unmatched = oldLines.Where(l => l is not null).ToList();
        var usedIds = unmatched.Select(l => l.Id).ToList();
        foreach (var line in revised)
        {
            var old = unmatched.FirstOrDefault(l => l.Speaker == line.Speaker && SameText(l.Text, line.Text));
            if (old is not null)
            {
                unmatched.Remove(old);
                line.Id = old.Id;
                if (line.Direction == old.Direction) (line.AudioUrl, line.DurationSeconds) = (old.AudioUrl, old.DurationSeconds);
            }
            else
            {
                line.Id = "";
            }
        }
        foreach (var line in revised.Where(l => l.Id.Length == 0))
        {
            line.Id = DramaIds.Next('l', usedIds.Concat(revised.Select(l => l.Id)));
        }
        return revised;
    }

    private static bool SameText(string? a, string? b) =>
        string.Equals(DraftComposer.Clean(a), DraftComposer.Clean(b), StringComparison.OrdinalIgnoreCase);
}
