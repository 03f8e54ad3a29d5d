using System.Collections.Concurrent;
using DramaGen.Dramas;
using DramaGen.Generation.Inputs;
using DramaGen.Generation.Planning;
using DramaGen.Jobs;

namespace DramaGen.Generation.Media;

/// <summary>
/// Collects what a run learns about a drama's media (portrait and storyboard imageUrl, asset url and status)
/// and writes it in batches through <c>DramaRepository.UpdateAsync</c>, which applies it to the
/// latest stored version under the drama's lock: a user's concurrent edit survives, and a large drama is
/// rewritten once per flush, not once per node.
/// </summary>
public sealed class DramaWriteback(DramaRepository dramas, string dramaId, ILogger logger)
{
    private ConcurrentDictionary<string, Change> _pending = new(StringComparer.Ordinal);
    private ConcurrentDictionary<string, EpisodeFilm> _films = new(StringComparer.Ordinal);

    public bool HasPending => !_pending.IsEmpty || !_films.IsEmpty;

    /// <summary>An episode's new cut (or preview): its film, poster, subtitles and length.</summary>
    public void RecordFilm(string episodeId, EpisodeFilm film) => _films[episodeId] = film;

    /// <param name="durationSeconds">Speech: the measured length, written to the line.</param>
    /// <param name="modeUsed">Scene videos: the clip mode the provider really used.</param>
    /// <param name="modeNote">Scene videos: why the mode used is not the one asked for; null when it is.</param>
    public void Record(PlanNode node, JobStatus status, string? url = null, double? durationSeconds = null, string? modeUsed = null,
        string? modeNote = null) =>
        _pending.AddOrUpdate(node.Id, _ => new Change(node, status.ToWire(), url, durationSeconds, modeUsed, modeNote),
            (_, previous) => modeUsed is null
                ? new Change(node, status.ToWire(), url ?? previous.Url, durationSeconds ?? previous.DurationSeconds, previous.ModeUsed, previous.ModeNote)
                : new Change(node, status.ToWire(), url ?? previous.Url, durationSeconds ?? previous.DurationSeconds, modeUsed, modeNote));

    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        if (!HasPending)
        {
            return;
        }
        var batch = Interlocked.Exchange(ref _pending, new ConcurrentDictionary<string, Change>(StringComparer.Ordinal));
        var films = Interlocked.Exchange(ref _films, new ConcurrentDictionary<string, EpisodeFilm>(StringComparer.Ordinal));
        try
        {
            await dramas.UpdateAsync(dramaId, drama =>
            {
                Apply(drama, batch.Values);
                foreach (var (episodeId, film) in films)
                {
                    film.ApplyTo(drama);
                }
            }, cancellationToken: cancellationToken);
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

    private static void Apply(Drama drama, IEnumerable<Change> changes)
    {
        var lookup = new DramaLookup(drama);
        foreach (var change in changes)
        {
            var node = change.Node;
            var character = lookup.Character(node.CharacterId);
            var scene = lookup.Scene(node.EpisodeId, node.SceneId);
            switch (node.Kind)
            {
                case NodeKind.Portrait when character is not null && change.Url is not null:
                    character.ImageUrl = change.Url;
                    break;
                case NodeKind.Storyboard when scene is not null && change.Url is not null:
                    scene.ImageUrl = change.Url;
                    break;
                case NodeKind.CharacterView when character is not null && change.Url is not null:
                    (character.Views ??= new Dictionary<string, string>(StringComparer.Ordinal))[node.View!] = change.Url;
                    break;
                case NodeKind.EndFrame when scene?.EndFrame is not null && change.Url is not null:
                    scene.EndFrame.ImageUrl = change.Url;
                    break;
                case NodeKind.TransitionFrame when scene?.TransitionFrame is not null && change.Url is not null:
                    scene.TransitionFrame.ImageUrl = change.Url;
                    break;
                case NodeKind.Line when change.Url is not null:
                    // A line edited since the run started keeps its new text; its audio is stale and is not attached.
                    if (scene?.Lines?.FirstOrDefault(l => l?.Id == node.LineId) is { } line && line.Text == node.Line?.Text && line.Speaker == node.Line?.Speaker)
                    {
                        line.AudioUrl = change.Url;
                        line.DurationSeconds = change.DurationSeconds;
                    }
                    break;
                case NodeKind.CharacterAsset or NodeKind.SceneAsset:
                    var owner = node.Kind == NodeKind.CharacterAsset ? character?.Assets : scene?.Assets;
                    if (owner?.FirstOrDefault(a => a?.Id == node.AssetId) is { } asset)
                    {
                        asset.Status = change.Status;
                        asset.Url = change.Url ?? asset.Url;
                        if (change.ModeUsed is not null)
                        {
                            asset.ModeUsed = change.ModeUsed;
                            asset.ModeNote = change.ModeNote;
                        }
                    }
                    break;
            }
        }
    }

    private sealed record Change(PlanNode Node, string Status, string? Url, double? DurationSeconds, string? ModeUsed, string? ModeNote);
}
