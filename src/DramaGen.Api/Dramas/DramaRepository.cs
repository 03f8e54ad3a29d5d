using System.Text.Json;
using DramaGen.Storage;

namespace DramaGen.Dramas;

/// <summary>A drama with the ETag of the bytes it was read from.</summary>
public sealed record VersionedDrama(Drama Drama, string ETag);

public sealed class DramaNotFoundException(string dramaId) : Exception($"Drama '{dramaId}' was not found.");

public sealed class DramaExistsException(string dramaId) : Exception($"Drama '{dramaId}' exists already.");

/// <summary>The drama changed since the client (or job) read it.</summary>
public sealed class DramaPreconditionFailedException(string dramaId) : Exception($"Drama '{dramaId}' changed since it was read.");

/// <summary>
/// Dramas at dramas/{id}/drama.json. Writes of one drama are serialised in-process and checked against
/// the expected ETag, so neither the service nor a client with a stale copy loses an update.
/// </summary>
public sealed class DramaRepository(IObjectStore store, DramaIndex index, TimeProvider clock)
{
    private readonly KeyedLocks _locks = new();

    public static string KeyFor(string dramaId) => $"dramas/{dramaId}/drama.json";

    public async Task<VersionedDrama?> GetAsync(string dramaId, CancellationToken cancellationToken = default)
    {
        var stored = await store.GetAsync(KeyFor(dramaId), cancellationToken);
        return stored is null ? null : new VersionedDrama(DramaJson.Deserialize(stored.Content), DramaJson.ETagOf(stored.Content));
    }

    public async Task<VersionedDrama> CreateAsync(Drama drama, CancellationToken cancellationToken = default)
    {
        var id = drama.Id ?? throw new ArgumentException("The drama has no id.", nameof(drama));
        using (await _locks.AcquireAsync(id, cancellationToken))
        {
            if (await store.HeadAsync(KeyFor(id), cancellationToken) is not null)
            {
                throw new DramaExistsException(id);
            }
            var now = clock.GetUtcNow();
            drama.CreatedAt ??= now;
            drama.UpdatedAt = now;
            var bytes = DramaJson.Serialize(drama);
            await store.PutAsync(KeyFor(id), bytes, "application/json", cancellationToken: cancellationToken);
            await index.PutAsync(drama, cancellationToken);
            return new VersionedDrama(drama, DramaJson.ETagOf(bytes));
        }
    }

    /// <summary>
    /// Applies <paramref name="mutate"/> to the latest stored version and saves it. The mutation may throw
    /// (e.g. validation) to abandon the write; nothing is stored then.
    /// </summary>
    /// <param name="ifMatch">When set, the write only happens while the stored ETag is still this one.</param>
    public Task<VersionedDrama> UpdateAsync(string dramaId, Action<Drama> mutate, string? ifMatch = null,
        CancellationToken cancellationToken = default) =>
        UpdateAsync(dramaId, drama => { mutate(drama); return drama; }, ifMatch, cancellationToken);

    /// <summary>Like the Action overload, for changes that build a new drama (e.g. a merge patch).</summary>
    public async Task<VersionedDrama> UpdateAsync(string dramaId, Func<Drama, Drama> transform, string? ifMatch = null,
        CancellationToken cancellationToken = default)
    {
        using (await _locks.AcquireAsync(dramaId, cancellationToken))
        {
            var stored = await store.GetAsync(KeyFor(dramaId), cancellationToken) ?? throw new DramaNotFoundException(dramaId);
            if (ifMatch is not null && !ETagMatches(ifMatch, DramaJson.ETagOf(stored.Content)))
            {
                throw new DramaPreconditionFailedException(dramaId);
            }
            var original = DramaJson.Deserialize(stored.Content);
            var createdAt = original.CreatedAt;
            var drama = transform(original);
            // Identity and creation time are the listing index's key: no update may move them.
            drama.Id = dramaId;
            drama.CreatedAt = createdAt;
            drama.UpdatedAt = clock.GetUtcNow();
            var bytes = DramaJson.Serialize(drama);
            try
            {
                await store.PutAsync(KeyFor(dramaId), bytes, "application/json", stored.Info.ETag, cancellationToken);
            }
            catch (StoreConflictException)
            {
                // Another process wrote in between; the caller's view is stale.
                throw new DramaPreconditionFailedException(dramaId);
            }
            await index.PutAsync(drama, cancellationToken);
            return new VersionedDrama(drama, DramaJson.ETagOf(bytes));
        }
    }

    public async Task<bool> DeleteAsync(string dramaId, string? ifMatch = null, CancellationToken cancellationToken = default)
    {
        using (await _locks.AcquireAsync(dramaId, cancellationToken))
        {
            var stored = await store.GetAsync(KeyFor(dramaId), cancellationToken);
            if (stored is null)
            {
                return false;
            }
            if (ifMatch is not null && !ETagMatches(ifMatch, DramaJson.ETagOf(stored.Content)))
            {
                throw new DramaPreconditionFailedException(dramaId);
            }
            var drama = DramaJson.Deserialize(stored.Content);
            await index.DeleteAsync(drama, cancellationToken);
            await foreach (var item in store.ListAsync($"dramas/{dramaId}/", cancellationToken))
            {
                await store.DeleteAsync(item.Key, cancellationToken);
            }
            return true;
        }
    }

    /// <param name="only">The ids to list (an owned key's dramas); null lists every drama.</param>
    public Task<DramaPage> ListAsync(int limit, int offset, IReadOnlySet<string>? only = null, CancellationToken cancellationToken = default) =>
        index.ListAsync(limit, offset, only, cancellationToken);

    private static bool ETagMatches(string ifMatch, string current) =>
        ifMatch.Trim() == "*" || ifMatch.Split(',').Select(tag => tag.Trim().Replace("W/", "")).Contains(current);
}
