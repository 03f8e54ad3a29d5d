using System.Text;
using DramaGen.Http;
using DramaGen.Storage;

namespace DramaGen.Dramas;

/// <summary>
/// The owner of each drama an owned API key created: <c>dramas/{id}/owner.txt</c> (goes with the drama's folder)
/// and a marker <c>drama-owners/{user}/{id}</c>, so an owner's listing is one LIST. A drama an admin key
/// created has no owner and only admin keys see it.
/// </summary>
public sealed class DramaOwners(IObjectStore store) : IDramaOwners
{
    private const string MarkerPrefix = "drama-owners/";

    public async Task RecordAsync(string dramaId, Caller caller, CancellationToken cancellationToken)
    {
        if (caller.OwnerId is not { } owner)
        {
            return;
        }
        await store.PutAsync(MarkerPrefix + owner + "/" + dramaId, Array.Empty<byte>(), "text/plain", cancellationToken: cancellationToken);
        await store.PutAsync(OwnerKey(dramaId), Encoding.UTF8.GetBytes(owner), "text/plain", cancellationToken: cancellationToken);
    }

    public async Task<bool> IsVisibleAsync(string dramaId, Caller caller, CancellationToken cancellationToken)
    {
        if (caller.IsAdmin)
        {
            return true;
        }
        return await OwnerOfAsync(dramaId, cancellationToken) == caller.OwnerId;
    }

    /// <returns>The ids of the dramas <paramref name="caller"/> created; null for an admin (every drama).</returns>
    public async Task<IReadOnlySet<string>?> VisibleIdsAsync(Caller caller, CancellationToken cancellationToken)
    {
        if (caller.OwnerId is not { } owner)
        {
            return null;
        }
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var item in store.ListAsync(MarkerPrefix + owner + "/", cancellationToken))
        {
            ids.Add(item.Key[(MarkerPrefix.Length + owner.Length + 1)..]);
        }
        return ids;
    }

    public async Task<string?> OwnerOfAsync(string dramaId, CancellationToken cancellationToken) =>
        await store.GetAsync(OwnerKey(dramaId), cancellationToken) is { } stored ? Encoding.UTF8.GetString(stored.Content) : null;

    /// <summary>After the drama is deleted: drops the owner's marker, so a later drama of that id is not theirs.</summary>
    public async Task ForgetAsync(string dramaId, string? owner, CancellationToken cancellationToken)
    {
        if (owner is not null)
        {
            await store.DeleteAsync(MarkerPrefix + owner + "/" + dramaId, cancellationToken);
        }
    }

    private static string OwnerKey(string dramaId) => $"dramas/{dramaId}/owner.txt";
}
