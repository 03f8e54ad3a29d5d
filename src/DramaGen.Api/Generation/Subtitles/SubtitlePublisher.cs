using System.Text;
using DramaGen.Dramas;
using DramaGen.Generation.Timeline;
using DramaGen.Storage;
using DramaGen.Storage.Assets;

namespace DramaGen.Generation.Subtitles;

/// <summary>
/// After a run: WebVTT and SRT for every scene whose lines are all spoken, and for every episode made of
/// such scenes, stored beside the media ({user}/{project}/assets/subtitles_{e}[_{s}].vtt|.srt) and linked
/// from the drama (scenes[].subtitlesUrl, episodes[].subtitlesUrl, the WebVTT file). The drama is written
/// only when a link changes.
/// </summary>
public sealed class SubtitlePublisher(DramaRepository dramas, IObjectStore store, ILogger<SubtitlePublisher> logger)
{
    public static string SceneFileId(string episodeId, string sceneId) => $"subtitles_{episodeId}_{sceneId}";

    public static string EpisodeFileId(string episodeId) => $"subtitles_{episodeId}";

    public async Task PublishAsync(string dramaId, string userId, string projectName, Func<string, string?>? audioKeyOf,
        CancellationToken cancellationToken)
    {
        var versioned = await dramas.GetAsync(dramaId, cancellationToken);
        if (versioned is null)
        {
            return;
        }
        var drama = versioned.Drama;
        var links = new Dictionary<(string Episode, string? Scene), string>();
        foreach (var episode in (drama.Episodes ?? []).Where(e => e is not null))
        {
            var scenes = (episode.Scenes ?? []).Where(s => s is not null).ToList();
            foreach (var scene in scenes.Where(s => s.Lines is { Count: > 0 } && SpokenTimeline.IsTimed(s)))
            {
                links[(episode.Id, scene.Id)] = await WriteAsync(userId, projectName, SceneFileId(episode.Id, scene.Id),
                    SpokenTimeline.OfScene(drama, episode.Id, scene, audioKeyOf), cancellationToken);
            }
            if (scenes.Any(s => s.Lines is { Count: > 0 }) && scenes.All(SpokenTimeline.IsTimed))
            {
                links[(episode.Id, null)] = await WriteAsync(userId, projectName, EpisodeFileId(episode.Id),
                    SpokenTimeline.OfEpisode(drama, episode, audioKeyOf), cancellationToken);
            }
        }
        if (links.Count == 0 || !Differs(drama, links))
        {
            return;
        }
        try
        {
            await dramas.PatchPartsAsync(dramaId, new SubtitleLinks(links), cancellationToken);
        }
        catch (DramaNotFoundException)
        {
            logger.LogInformation("Drama {DramaId} was deleted before its subtitles were linked", dramaId);
        }
    }

    private async Task<string> WriteAsync(string userId, string projectName, string fileId, IReadOnlyList<TimedLine> lines,
        CancellationToken cancellationToken)
    {
        var vttKey = AssetKeys.File(userId, projectName, fileId, "vtt");
        await store.PutAsync(vttKey, Encoding.UTF8.GetBytes(SubtitleFormats.WebVtt(lines)), SubtitleFormats.VttContentType, cancellationToken: cancellationToken);
        await store.PutAsync(AssetKeys.File(userId, projectName, fileId, "srt"), Encoding.UTF8.GetBytes(SubtitleFormats.Srt(lines)),
            SubtitleFormats.SrtContentType, cancellationToken: cancellationToken);
        return store.GetPublicUrl(vttKey);
    }

    private static bool Differs(Drama drama, Dictionary<(string Episode, string? Scene), string> links) =>
        (drama.Episodes ?? []).Where(e => e is not null).Any(episode =>
            (links.TryGetValue((episode.Id, null), out var episodeUrl) && episode.SubtitlesUrl != episodeUrl)
            || (episode.Scenes ?? []).Where(s => s is not null).Any(scene =>
                links.TryGetValue((episode.Id, scene.Id), out var sceneUrl) && scene.SubtitlesUrl != sceneUrl));

    /// <summary>The subtitle files' links, written into the episodes and scenes they time.</summary>
    private sealed class SubtitleLinks(Dictionary<(string Episode, string? Scene), string> links) : IDramaPartEdits
    {
        public bool EditsCharacter(string characterId) => false;

        public void EditCharacter(Character character) => throw new InvalidOperationException("Subtitles link no character.");

        public bool EditsEpisode(string episodeId) => links.ContainsKey((episodeId, null));

        public void EditEpisode(Episode episode) => episode.SubtitlesUrl = links[(episode.Id, null)];

        public bool EditsScene(string episodeId, string sceneId) => links.ContainsKey((episodeId, sceneId));

        public void EditScene(string episodeId, Scene scene) => scene.SubtitlesUrl = links[(episodeId, scene.Id)];
    }
}
