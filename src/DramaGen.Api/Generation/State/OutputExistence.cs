using DramaGen.Storage;

namespace DramaGen.Generation.State;

/// <summary>
/// Which recorded outputs still exist. A few keys are checked one by one; many are answered by one listing
/// per folder, so a 10,000-node drama costs a handful of LIST calls instead of 10,000 HEADs.
/// </summary>
public static class OutputExistence
{
    private const int HeadLimit = 32;

    public static async Task<IReadOnlySet<string>> FindExistingAsync(IObjectStore store, IReadOnlyCollection<string> keys,
        CancellationToken cancellationToken = default)
    {
        var existing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in keys.GroupBy(FolderOf, StringComparer.Ordinal))
        {
            var wanted = folder.ToHashSet(StringComparer.Ordinal);
            if (wanted.Count <= HeadLimit)
            {
                foreach (var key in wanted)
                {
                    if (await store.HeadAsync(key, cancellationToken) is not null)
                    {
                        existing.Add(key);
                    }
                }
                continue;
            }
            await foreach (var item in store.ListAsync(folder.Key, cancellationToken))
            {
                if (wanted.Contains(item.Key))
                {
                    existing.Add(item.Key);
                }
            }
        }
        return existing;
    }

    private static string FolderOf(string key) => key[..(key.LastIndexOf('/') + 1)];
}
