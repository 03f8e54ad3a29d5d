using System.Text.Json;
using DramaGen.Storage;

namespace DramaGen.Dramas;

/// <summary>One line of GET /dramas.</summary>
public sealed record DramaSummary(string Id, string Title, string Premise, DateTimeOffset? CreatedAt, DateTimeOffset? UpdatedAt,
    int CharacterCount, int EpisodeCount)
{
    private const int PremiseLength = 500;

    public static DramaSummary Of(Drama drama) =>
        Of(drama.Id!, drama.Title, drama.Premise, drama.CreatedAt, drama.UpdatedAt, drama.Characters.Count, drama.Episodes.Count);

    /// <summary>The summary of a drama known by its parts (a drama read as a stream, never whole).</summary>
    public static DramaSummary Of(string id, string title, string premise, DateTimeOffset? createdAt, DateTimeOffset? updatedAt,
        int characterCount, int episodeCount) =>
        new(id, title, premise.Length <= PremiseLength ? premise : premise[..PremiseLength], createdAt, updatedAt, characterCount, episodeCount);
}

public sealed record DramaPage(IReadOnlyList<DramaSummary> Items, int Total, int Limit, int Offset);

/// <summary>
/// A listing index beside the dramas: one small object per drama whose key sorts newest first
/// (inverted creation ticks), so a page costs one LIST and <c>limit</c> small GETs instead of
/// downloading every drama.
/// </summary>
public sealed class DramaIndex(IObjectStore store)
{
    private const string Prefix = "dramas-index/";

    public async Task PutAsync(DramaSummary summary, CancellationToken cancellationToken) =>
        await store.PutAsync(KeyFor(summary.Id, summary.CreatedAt), JsonSerializer.SerializeToUtf8Bytes(summary, DramaJson.Options),
            "application/json", cancellationToken: cancellationToken);

    public async Task DeleteAsync(string dramaId, DateTimeOffset? createdAt, CancellationToken cancellationToken) =>
        await store.DeleteAsync(KeyFor(dramaId, createdAt), cancellationToken);

    public async Task<DramaPage> ListAsync(int limit, int offset, IReadOnlySet<string>? only, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        await foreach (var item in store.ListAsync(Prefix, cancellationToken))
        {
            if (only is null || only.Contains(IdOf(item.Key)))
            {
                keys.Add(item.Key);
            }
        }
        var page = keys.Skip(offset).Take(limit).ToList();
        var items = await Task.WhenAll(page.Select(async key =>
        {
            var stored = await store.GetAsync(key, cancellationToken);
            return stored is null ? null : JsonSerializer.Deserialize<DramaSummary>(stored.Content, DramaJson.Options);
        }));
        return new DramaPage(items.OfType<DramaSummary>().ToList(), keys.Count, limit, offset);
    }

    private static string KeyFor(string dramaId, DateTimeOffset? createdAt)
    {
        var ticks = (createdAt ?? DateTimeOffset.UnixEpoch).UtcTicks;
        return $"{Prefix}{DateTimeOffset.MaxValue.UtcTicks - ticks:D19}_{dramaId}.json";
    }

    /// <summary>The drama id of a key from <see cref="KeyFor"/>: after the 19 digits and the '_', before ".json".</summary>
    private static string IdOf(string key) => key[(Prefix.Length + 20)..^".json".Length];
}
