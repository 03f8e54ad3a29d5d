using DramaGen.Dramas;

namespace DramaGen.Authoring;

/// <summary>
/// Merges an owner's existing assets with its fresh default asset during an improve: the default replaces
/// the existing asset of its tag (taking its id), assets the user added are kept, references to removed
/// characters are dropped, and anything whose inputs changed goes back to pending without its url.
/// </summary>
internal sealed class AssetMerger(IEnumerable<string> oldCharacterIds, IEnumerable<string> newCharacterIds)
{
    private readonly HashSet<string> _characterIds = [.. oldCharacterIds, .. newCharacterIds];
    private readonly HashSet<string> _removedCharacterIds = oldCharacterIds.Except(newCharacterIds).ToHashSet();

    /// <param name="assets">The owner's existing assets followed by its fresh default asset.</param>
    /// <param name="ownerUnchanged">Whether the owner's own media are kept (nothing that shapes them changed).</param>
    public List<DramaAsset> Merge(List<DramaAsset> assets, bool ownerUnchanged)
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
                copy.DependsOn = fresh.DependsOn.Concat(copy.DependsOn.Where(d => !_characterIds.Contains(d))).Distinct().ToList();
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

    private static DramaAsset Copy(DramaAsset asset) => new()
    {
        Id = asset.Id,
        Type = asset.Type,
        Tag = asset.Tag,
        Prompt = asset.Prompt,
        DurationSeconds = asset.DurationSeconds,
        DependsOn = [.. asset.DependsOn],
        Url = asset.Url,
        Status = asset.Status,
    };
}
