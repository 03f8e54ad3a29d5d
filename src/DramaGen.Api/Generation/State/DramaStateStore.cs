using System.Text.Json;
using DramaGen.Storage;

namespace DramaGen.Generation.State;

/// <summary>
/// Loads and saves <see cref="DramaState"/> at dramas/{id}/state.json. While a run holds a drama's state it
/// stays in memory (one shared instance, so the plan route sees live progress); saves are atomic puts,
/// serialised per drama, and skipped when nothing changed since the last one.
/// </summary>
public sealed class DramaStateStore(IObjectStore store, ILogger<DramaStateStore> logger)
{
    private readonly KeyedLocks _locks = new();
    private readonly Dictionary<string, Entry> _active = new(StringComparer.Ordinal);

    public static string KeyFor(string dramaId) => $"dramas/{dramaId}/state.json";

    /// <summary>The state for a plan: the live one when a run holds it, else a fresh read.</summary>
    public async Task<DramaState> ReadAsync(string dramaId, CancellationToken cancellationToken = default)
    {
        lock (_active)
        {
            if (_active.TryGetValue(dramaId, out var entry))
            {
                return entry.State;
            }
        }
        return await LoadAsync(dramaId, cancellationToken);
    }

    /// <summary>Holds the drama's state in memory until the returned lease is disposed.</summary>
    public async Task<StateLease> AcquireAsync(string dramaId, CancellationToken cancellationToken = default)
    {
        using (await _locks.AcquireAsync(dramaId, cancellationToken))
        {
            lock (_active)
            {
                if (_active.TryGetValue(dramaId, out var entry))
                {
                    entry.Holders++;
                    return new StateLease(this, entry.State);
                }
            }
            var state = await LoadAsync(dramaId, cancellationToken);
            lock (_active)
            {
                _active[dramaId] = new Entry(state) { Holders = 1 };
            }
            return new StateLease(this, state);
        }
    }

    public async Task SaveAsync(DramaState state, CancellationToken cancellationToken = default)
    {
        using (await _locks.AcquireAsync("save:" + state.DramaId, cancellationToken))
        {
            var version = state.Version;
            Entry? entry;
            lock (_active)
            {
                _active.TryGetValue(state.DramaId, out entry);
            }
            if (entry is not null && entry.State == state && entry.SavedVersion >= version)
            {
                return;
            }
            using (var content = PooledStreams.Rent("drama state"))
            {
                state.SerializeTo(content);
                content.Position = 0;
                await store.PutAsync(KeyFor(state.DramaId), content, "application/json", cancellationToken: cancellationToken);
            }
            if (entry is not null)
            {
                entry.SavedVersion = Math.Max(entry.SavedVersion, version);
            }
        }
    }

    /// <summary>Removes the saved state (after the drama's deletion, once no run can write it again).</summary>
    public async Task DeleteAsync(string dramaId, CancellationToken cancellationToken = default)
    {
        using (await _locks.AcquireAsync("save:" + dramaId, cancellationToken))
        {
            await store.DeleteAsync(KeyFor(dramaId), cancellationToken);
        }
    }

    private async Task<DramaState> LoadAsync(string dramaId, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(KeyFor(dramaId), cancellationToken);
        if (stored is null)
        {
            return new DramaState(dramaId);
        }
        try
        {
            return DramaState.Deserialize(dramaId, stored.Content);
        }
        catch (JsonException e)
        {
            // Losing the state costs regeneration, not correctness: every node just looks dirty.
            logger.LogWarning(e, "Unreadable generation state of drama {DramaId}; starting from empty", dramaId);
            return new DramaState(dramaId);
        }
    }

    private void Release(DramaState state)
    {
        lock (_active)
        {
            if (_active.TryGetValue(state.DramaId, out var entry) && entry.State == state && --entry.Holders == 0)
            {
                _active.Remove(state.DramaId);
            }
        }
    }

    private sealed class Entry(DramaState state)
    {
        public DramaState State { get; } = state;
        public int Holders { get; set; }
        public long SavedVersion { get; set; }
    }

    public sealed class StateLease(DramaStateStore owner, DramaState state) : IDisposable
    {
        private int _disposed;

        public DramaState State { get; } = state;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Release(State);
            }
        }
    }
}
