using System.Collections.Concurrent;
using DramaGen.Dramas;
using DramaGen.Generation.Planning;
using DramaGen.Jobs;

namespace DramaGen.Generation.Media;

/// <summary>
/// Collects what a run learns about a drama's media (portrait and storyboard imageUrl, asset url and status)
/// and writes it in batches through <see cref="DramaRepository.PatchPartsAsync"/>, which applies it to the
/// latest stored version under the drama's lock: a user's concurrent edit survives, and a large drama is
/// rewritten once per flush, not once per node, and never read whole into objects.
/// </summary>
public sealed class DramaWriteback(DramaRepository dramas, string dramaId, ILogger logger)
{
    private ConcurrentDictionary<string, MediaChange> _pending = new(StringComparer.Ordinal);
    private ConcurrentDictionary<string, EpisodeFilm> _films = new(StringComparer.Ordinal);

    public bool HasPending => !_pending.IsEmpty || !_films.IsEmpty;

    /// <summary>An episode's new cut (or preview): its film, poster, subtitles and length.</summary>
    public void RecordFilm(string episodeId, EpisodeFilm film) => _films[episodeId] = film;

    /// <param name="durationSeconds">Speech: the measured length, written to the line.</param>
    /// <param name="modeUsed">Scene videos: the clip mode the provider really used.</param>
    /// <param name="modeNote">Scene videos: why the mode used is not the one asked for; null when it is.</param>
    public void Record(PlanNode node, JobStatus status, string? url = null, double? durationSeconds = null, string? modeUsed = null,
        string? modeNote = null) =>
        _pending.AddOrUpdate(node.Id, _ => new MediaChange(node, status.ToWire(), url, durationSeconds, modeUsed, modeNote),
            (_, previous) => modeUsed is null
                ? new MediaChange(node, status.ToWire(), url ?? previous.Url, durationSeconds ?? previous.DurationSeconds, previous.ModeUsed, previous.ModeNote)
                : new MediaChange(node, status.ToWire(), url ?? previous.Url, durationSeconds ?? previous.DurationSeconds, modeUsed, modeNote));

    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        if (!HasPending)
        {
            return;
        }
        var batch = Interlocked.Exchange(ref _pending, new ConcurrentDictionary<string, MediaChange>(StringComparer.Ordinal));
        var films = Interlocked.Exchange(ref _films, new ConcurrentDictionary<string, EpisodeFilm>(StringComparer.Ordinal));
        try
        {
            await dramas.PatchPartsAsync(dramaId, new DramaMediaEdits(batch.Values, films), cancellationToken);
        }
        catch (DramaNotFoundException)
        {
            logger.LogInformation("Drama {DramaId} was deleted; {Count} media updates dropped", dramaId, batch.Count);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Put them back so the next flush tries again; newer changes win over the returned ones.
            foreach (var (id, change) in batch)
            {
                _pending.TryAdd(id, change);
            }
            foreach (var (id, film) in films)
            {
                _films.TryAdd(id, film);
            }
            throw;
        }
    }
}
