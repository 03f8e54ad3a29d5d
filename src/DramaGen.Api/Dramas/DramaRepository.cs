using System.Text.Json;
using DramaGen.Storage;
using Microsoft.IO;

namespace DramaGen.Dramas;

/// <summary>A drama with the ETag of the bytes it was read from.</summary>
public sealed record VersionedDrama(Drama Drama, string ETag);

public sealed class DramaNotFoundException(string dramaId) : Exception($"Drama '{dramaId}' was not found.");

public sealed class DramaExistsException(string dramaId) : Exception($"Drama '{dramaId}' exists already.");

/// <summary>The drama changed since the client (or job) read it.</summary>
public sealed class DramaPreconditionFailedException(string dramaId) : Exception($"Drama '{dramaId}' changed since it was read.");

/// <summary>
/// Other writers (in other instances sharing the store) landed so many edits in a row that this one never did;
/// nothing of it was stored.
/// </summary>
public sealed class DramaWriteContendedException(string dramaId, int attempts)
    : Exception($"Drama '{dramaId}' was changed by other writers {attempts} times while this edit was applied; nothing was changed. Retry the request.");

/// <summary>
/// Dramas at dramas/{id}/drama.json, written by every instance that shares the object store. A write is a
/// read (with the store's ETag), the edit, and a put conditional on that ETag (If-Match; If-None-Match: * to
/// create); when another writer landed first the put is refused, and the edit is applied again to what it wrote,
/// so neither edit is lost. The in-process lock only spares this instance's writers those retries. The listing's
/// summary follows the drama whatever order the instances' writes land in (<see cref="IndexAsync"/>).
/// </summary>
public sealed class DramaRepository(IObjectStore store, DramaIndex index, TimeProvider clock)
{
    /// <summary>
    /// Every refused put means another writer's edit landed, so these run out only while other writers keep
    /// landing edit after edit on the same drama (each instance sends one at a time).
    /// </summary>
    public const int MaxWriteAttempts = 32;

    private readonly KeyedLocks _locks = new();

    public static string KeyFor(string dramaId) => $"dramas/{dramaId}/drama.json";

    /// <remarks>Read through a pooled stream: a large drama as one array is large-object-heap garbage at every read.</remarks>
    public async Task<VersionedDrama?> GetAsync(string dramaId, CancellationToken cancellationToken = default)
    {
        using var read = PooledStreams.Rent("drama get");
        if (await store.CopyToAsync(KeyFor(dramaId), read, cancellationToken) is null)
        {
            return null;
        }
        read.Position = 0;
        var etag = DramaJson.ETagOf(read);
        read.Position = 0;
        return new VersionedDrama(DramaJson.Deserialize(read), etag);
    }

    public async Task<VersionedDrama> CreateAsync(Drama drama, CancellationToken cancellationToken = default)
    {
        var id = drama.Id ?? throw new ArgumentException("The drama has no id.", nameof(drama));
        using (await _locks.AcquireAsync(id, cancellationToken))
        {
            var now = clock.GetUtcNow();
            drama.CreatedAt ??= now;
            drama.UpdatedAt = now;
            var bytes = DramaJson.Serialize(drama);
            StoredObjectInfo written;
            try
            {
                written = await store.PutAsync(KeyFor(id), bytes, "application/json", ifAbsent: true, cancellationToken: cancellationToken);
            }
            catch (StoreConflictException)
            {
                throw new DramaExistsException(id);
            }
            await IndexAsync(DramaSummary.Of(drama), written.ETag, cancellationToken);
            return new VersionedDrama(drama, DramaJson.ETagOf(bytes));
        }
    }

    /// <summary>
    /// Applies <paramref name="mutate"/> to the latest stored version and saves it. The mutation may throw
    /// (e.g. validation) to abandon the write; nothing is stored then. It may run more than once, each time on a
    /// fresh copy of the latest version (when another instance wrote in between).
    /// </summary>
    /// <param name="ifMatch">When set, the write only happens while the stored ETag is still this one.</param>
    public Task<VersionedDrama> UpdateAsync(string dramaId, Action<Drama> mutate, string? ifMatch = null,
        CancellationToken cancellationToken = default) =>
        UpdateAsync(dramaId, drama => { mutate(drama); return drama; }, ifMatch, cancellationToken);

    /// <summary>Like the Action overload, for changes that build a new drama (e.g. a merge patch).</summary>
    public async Task<VersionedDrama> UpdateAsync(string dramaId, Func<Drama, Drama> transform, string? ifMatch = null,
        CancellationToken cancellationToken = default)
    {
        var written = await WriteAsync(dramaId, ifMatch, (stored, output) =>
        {
            var original = DramaJson.Deserialize(stored);
            var createdAt = original.CreatedAt;
            var drama = transform(original);
            // Identity and creation time are the listing index's key: no update may move them.
            drama.Id = dramaId;
            drama.CreatedAt = createdAt;
            drama.UpdatedAt = clock.GetUtcNow();
            DramaJson.SerializeTo(drama, output);
            return (drama, DramaSummary.Of(drama));
        }, cancellationToken);
        return new VersionedDrama(written.Drama!, written.ETag);
    }

    /// <summary>
    /// Applies edits confined to some characters, episodes and scenes (a run's media) to the latest stored version, as it
    /// streams through: the drama is never read whole into objects. The edits may be applied more than once, as in
    /// <see cref="UpdateAsync(string, Action{Drama}, string?, CancellationToken)"/>.
    /// </summary>
    public async Task PatchPartsAsync(string dramaId, IDramaPartEdits edits, CancellationToken cancellationToken = default) =>
        await WriteAsync(dramaId, ifMatch: null, (stored, output) =>
            (null, DramaPartRewriter.Rewrite(stored.GetReadOnlySequence(), output, dramaId, clock.GetUtcNow(), edits)), cancellationToken);

    /// <summary>What a write stored: the drama when it was read into objects, and the ETag of its bytes.</summary>
    private sealed record Written(Drama? Drama, string ETag);

    /// <summary>Writes the new version of a drama to <c>output</c> from the bytes stored (positioned at their start).</summary>
    private delegate (Drama? Drama, DramaSummary Summary) Rewrite(RecyclableMemoryStream stored, Stream output);

    private async Task<Written> WriteAsync(string dramaId, string? ifMatch, Rewrite rewrite, CancellationToken cancellationToken)
    {
        using (await _locks.AcquireAsync(dramaId, cancellationToken))
        {
            for (var attempt = 1; attempt <= MaxWriteAttempts; attempt++)
            {
                if (await TryWriteAsync(dramaId, ifMatch, rewrite, cancellationToken) is { } written)
                {
                    return written;
                }
            }
            throw new DramaWriteContendedException(dramaId, MaxWriteAttempts);
        }
    }

    /// <returns>Null when another writer landed between the read and the put.</returns>
    /// <remarks>
    /// The drama passes through pooled streams, not whole-document arrays: a run rewrites a large drama at every
    /// checkpoint, and a 2 MB array each time read, serialized and put is large-object-heap garbage that raises the
    /// process's peak. The put is conditional on the ETag of the very bytes read.
    /// </remarks>
    private async Task<Written?> TryWriteAsync(string dramaId, string? ifMatch, Rewrite rewrite, CancellationToken cancellationToken)
    {
        using var output = PooledStreams.Rent("drama write");
        string storedETag;
        (Drama? Drama, DramaSummary Summary) result;
        using (var read = PooledStreams.Rent("drama read"))
        {
            var stored = await store.CopyToAsync(KeyFor(dramaId), read, cancellationToken) ?? throw new DramaNotFoundException(dramaId);
            storedETag = stored.ETag!;
            // The client's If-Match is checked against every version read, so a retry never lands on a version it did not see.
            read.Position = 0;
            if (ifMatch is not null && !ETagMatches(ifMatch, DramaJson.ETagOf(read)))
            {
                throw new DramaPreconditionFailedException(dramaId);
            }
            read.Position = 0;
            result = rewrite(read, output);
        }
        output.Position = 0;
        var etag = DramaJson.ETagOf(output);
        output.Position = 0;
        StoredObjectInfo written;
        try
        {
            written = await store.PutAsync(KeyFor(dramaId), output, "application/json", storedETag, cancellationToken: cancellationToken);
        }
        catch (StoreConflictException)
        {
            return null;
        }
        await IndexAsync(result.Summary, written.ETag, cancellationToken);
        return new Written(result.Drama, etag);
    }

    /// <summary>
    /// Writes the listing summary of the drama as stored now. Another instance may have stored a newer version since this
    /// one wrote the version summarised, and its summary may land before this one's; so after each summary the drama is
    /// looked at again, and while it is not the version summarised, the latest one is summarised. Whatever order the
    /// instances' puts land in, the last summary is of the last version: a writer whose summary lands last checks after
    /// it, and if a newer version exists by then it writes that one's. Deleted meanwhile: the summary goes too.
    /// </summary>
    /// <param name="storeETag">The store's ETag of the version <paramref name="summary"/> summarises.</param>
    private async Task IndexAsync(DramaSummary summary, string? storeETag, CancellationToken cancellationToken)
    {
        var key = KeyFor(summary.Id);
        // Each round follows another instance's write; past the bound (writers that never stop) the listing may stay a
        // version behind until the next write, as it would after a crash between the two puts.
        for (var round = 1; round <= MaxWriteAttempts; round++)
        {
            await index.PutAsync(summary, cancellationToken);
            if ((await store.HeadAsync(key, cancellationToken))?.ETag is { } now && now == storeETag)
            {
                return;
            }
            if (await store.GetAsync(key, cancellationToken) is not { } latest)
            {
                await index.DeleteAsync(summary.Id, summary.CreatedAt, cancellationToken);
                return;
            }
            summary = DramaSummary.Of(DramaJson.Deserialize(latest.Content));
            storeETag = latest.Info.ETag;
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
            await index.DeleteAsync(dramaId, drama.CreatedAt, cancellationToken);
            if (ifMatch is not null && !await DeleteIfStillAsync(dramaId, stored, cancellationToken))
            {
                return false;
            }
            await foreach (var item in store.ListAsync($"dramas/{dramaId}/", cancellationToken))
            {
                await store.DeleteAsync(item.Key, cancellationToken);
            }
            return true;
        }
    }

    /// <summary>
    /// The client's If-Match, made the store's: the drama goes only while it is still the version checked, in one step
    /// at the store (another instance may have written since the check). When one did, its version stays, listed again.
    /// </summary>
    /// <returns>False when another instance deleted it meanwhile.</returns>
    private async Task<bool> DeleteIfStillAsync(string dramaId, StoredObject checkedVersion, CancellationToken cancellationToken)
    {
        var key = KeyFor(dramaId);
        try
        {
            return await store.DeleteIfMatchAsync(key, checkedVersion.Info.ETag!, cancellationToken);
        }
        catch (StoreConflictException)
        {
            if (await store.GetAsync(key, cancellationToken) is { } current)
            {
                await IndexAsync(DramaSummary.Of(DramaJson.Deserialize(current.Content)), current.Info.ETag, cancellationToken);
            }
            throw new DramaPreconditionFailedException(dramaId);
        }
    }

    /// <param name="only">The ids to list (an owned key's dramas); null lists every drama.</param>
    public Task<DramaPage> ListAsync(int limit, int offset, IReadOnlySet<string>? only = null, CancellationToken cancellationToken = default) =>
        index.ListAsync(limit, offset, only, cancellationToken);

    private static bool ETagMatches(string ifMatch, string current) =>
        ifMatch.Trim() == "*" || ifMatch.Split(',').Select(tag => tag.Trim().Replace("W/", "")).Contains(current);
}
