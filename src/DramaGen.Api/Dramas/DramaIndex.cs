using System.Text.Json;
using DramaGen.Storage;

namespace DramaGen.Dramas;

/// <summary>One line of GET /dramas.</summary>
public sealed record DramaSummary(string Id, string Title, string Premise, DateTimeOffset? CreatedAt, DateTimeOffset? UpdatedAt,
    int CharacterCount, int EpisodeCount);

public sealed record DramaPage(IReadOnlyList<DramaSummary> Items, int Total, int Limit, int Offset);

/// <summary>
/// A listing index beside the dramas: one small object per drama whose key sorts newest first
/// (inverted creation ticks), so a page costs one LIST and <c>limit</c> small GETs instead of
/// downloading every drama.
/// </summary>
public sealed class DramaIndex(IObjectStore store)
{
    private const string Prefix = "dramas-index/";

    public async Task PutAsync(Drama drama, CancellationToken cancellationToken)
    {
        var summary = new DramaSummary(drama.Id!, drama.Title, Truncate(drama.Premise, 500), drama.CreatedAt, drama.UpdatedAt,
            drama.Characters.Count, drama.Episodes.Count);
        await store.PutAsync(KeyFor(drama), JsonSerializer.SerializeToUtf8Bytes(summary, DramaJson.Options), "application/json",
            cancellationToken: cancellationToken);
    }

    public async Task DeleteAsync(Drama drama, CancellationToken cancellationToken) =>
        await store.DeleteAsync(KeyFor(drama), cancellationToken);

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

    private static string KeyFor(Drama drama)
    {
        var ticks = (drama.CreatedAt ?? DateTimeOffset.UnixEpoch).UtcTicks;
        return $"{Prefix}{DateTimeOffset.MaxValue.UtcTicks - ticks:D19}_{drama.Id}.json";
    }

    /// <summary>The drama id of a key from <see cref="KeyFor"/>: after the 19 digits and the '_', before ".json".</summary>
    private static string IdOf(string key) => key[(Prefix.Length + 20)..^".json".Length];

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
