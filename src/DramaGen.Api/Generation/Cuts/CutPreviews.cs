using DramaGen.Configuration;
using DramaGen.Dramas;
using DramaGen.Generation.Media;
using DramaGen.Generation.Planning;
using DramaGen.Generation.State;
using DramaGen.Generation.Timeline;
using Microsoft.Extensions.Options;

namespace DramaGen.Generation.Cuts;

/// <summary>
/// An episode's timeline and partial preview as things stand, outside any run: what exists is shown,
/// a missing clip as its storyboard or a card with the scene title, unspoken lines left out.
/// </summary>
public sealed class CutPreviews(DramaRepository dramas, DramaStateStore states, EpisodeCutter cutter, IOptions<ServiceOptions> service)
{
    /// <summary>Null when the drama or the episode does not exist.</summary>
    public async Task<EpisodeTimeline?> TimelineAsync(string dramaId, string episodeId, CancellationToken cancellationToken)
    {
        var (drama, episode) = await FindAsync(dramaId, episodeId, cancellationToken);
        return episode is null ? null : cutter.TimelineOf(drama!, episode, await states.ReadAsync(dramaId, cancellationToken));
    }

    /// <summary>Renders the preview, stores it as cut_{e}_preview and links it from the episode (previewUrl). Null when not found.</summary>
    public async Task<CutPreview?> RenderAsync(string dramaId, string episodeId, CancellationToken cancellationToken)
    {
        var (drama, episode) = await FindAsync(dramaId, episodeId, cancellationToken);
        if (episode is null)
        {
            return null;
        }
        var timeline = cutter.TimelineOf(drama!, episode, await states.ReadAsync(dramaId, cancellationToken));
        var rendered = await cutter.RenderAsync(timeline, cancellationToken);
        var film = await cutter.SavePreviewAsync(service.Value.DefaultUserId, dramaId, episodeId, NodeIds.CutPreview(episodeId), rendered,
            cancellationToken);
        try
        {
            await dramas.PatchPartsAsync(dramaId, new DramaMediaEdits([], new Dictionary<string, EpisodeFilm> { [episodeId] = film }),
                cancellationToken);
        }
        catch (DramaNotFoundException)
        {
            return null;
        }
        return new CutPreview(dramaId, episodeId, Preview: true, film.Url, film.PosterUrl, film.SubtitlesUrl, film.DurationSeconds, timeline);
    }

    private async Task<(Drama? Drama, Episode? Episode)> FindAsync(string dramaId, string episodeId, CancellationToken cancellationToken)
    {
        var versioned = await dramas.GetAsync(dramaId, cancellationToken);
        var episode = versioned?.Drama.Episodes?.FirstOrDefault(episode => episode?.Id == episodeId);
        return (versioned?.Drama, episode);
    }
}

/// <summary>A rendered partial preview: not the episode's cut, and marked so.</summary>
public sealed record CutPreview(string DramaId, string EpisodeId, bool Preview, string Url, string PosterUrl, string? SubtitlesUrl,
    double DurationSeconds, EpisodeTimeline Timeline);
