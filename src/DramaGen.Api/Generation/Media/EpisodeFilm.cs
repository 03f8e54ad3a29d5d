using DramaGen.Dramas;

namespace DramaGen.Generation.Media;

/// <summary>Where an episode's cut (or partial preview) lies, as written back into the drama's episode.</summary>
public sealed record EpisodeFilm(string EpisodeId, string Url, string PosterUrl, string? SubtitlesUrl, double DurationSeconds, bool IsPreview)
{
    public void ApplyTo(Episode episode)
    {
        if (IsPreview)
        {
            episode.PreviewUrl = Url;
            return;
        }
        episode.CutUrl = Url;
        episode.PosterUrl = PosterUrl;
        episode.CutSubtitlesUrl = SubtitlesUrl;
        episode.DurationSeconds = DurationSeconds;
    }
}
