using DramaGen.Configuration;
using DramaGen.Dramas;
using DramaGen.Generation.Inputs;
using DramaGen.Generation.Media;
using DramaGen.Generation.State;
using DramaGen.Generation.Timeline;
using DramaGen.Providers;
using DramaGen.Providers.Local;
using DramaGen.Storage;
using Microsoft.Extensions.Options;

namespace DramaGen.Generation.Cuts;

/// <summary>
/// Renders an episode's timeline into a film: fetches every clip, storyboard and spoken line it names into
/// a private temporary directory, draws the title and placeholder cards, runs the one ffmpeg command of
/// <see cref="CutCommand"/> and grabs a poster frame. A failing ffmpeg fails the cut with ffmpeg's reason.
/// </summary>
public sealed class EpisodeCutter(IObjectStore store, IGeneratedMediaSink sink, NodePrompts prompts, IOptions<CutOptions> cuts,
    IOptions<LocalProviderOptions> local, ILogger<EpisodeCutter> logger)
{
    private readonly ToolRunner _ffmpeg = ToolRunner.Ffmpeg(local.Value.FfmpegPath);
    private readonly LocalCardRenderer _cards = new(new LocalFont(local.Value.FontPath, logger));

    /// <summary>The episode's timeline from the drama and what the node state says exists.</summary>
    public EpisodeTimeline TimelineOf(Drama drama, Episode episode, DramaState state) =>
        TimelineBuilder.Build(drama, episode, new StateSceneMedia(state), new StateSceneLines(state), prompts.SettingsFor(drama));

    public async Task<RenderedCut> RenderAsync(EpisodeTimeline timeline, CancellationToken cancellationToken)
    {
        using var workspace = new TempWorkspace("dramagen-cut-");
        var segments = new Dictionary<int, SegmentFile>();
        foreach (var segment in timeline.Segments)
        {
            segments[segment.Index] = await SegmentFileAsync(timeline, segment, workspace.PathOf($"segment{segment.Index}"), cancellationToken);
        }
        var lineAudio = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in timeline.Lines.Where(line => line.AudioKey is not null))
        {
            var path = workspace.PathOf($"line_{lineAudio.Count}.audio");
            await DownloadAsync(line.AudioKey!, path, cancellationToken);
            lineAudio[line.LineId] = path;
        }
        var subtitles = CutSubtitles.WebVtt(timeline);
        string? subtitlesPath = null;
        if (subtitles is not null)
        {
            subtitlesPath = workspace.PathOf("cut.vtt");
            await File.WriteAllTextAsync(subtitlesPath, subtitles, cancellationToken);
        }
        var output = workspace.PathOf("cut.mp4");
        await _ffmpeg.RunAsync(CutCommand.Render(timeline, new CutInputs(segments, lineAudio, subtitlesPath), output,
            cuts.Value.BurnSubtitles, cuts.Value.X264Preset), cancellationToken);
        var poster = workspace.PathOf("poster.jpg");
        await _ffmpeg.RunAsync(CutCommand.Poster(output, PosterTime(timeline), poster), cancellationToken);
        return new RenderedCut(await File.ReadAllBytesAsync(output, cancellationToken), await File.ReadAllBytesAsync(poster, cancellationToken),
            subtitles, timeline.DurationSeconds);
    }

    /// <summary>
    /// Stores the poster ({assetId}_poster.jpg) and subtitles ({assetId}_subtitles.vtt) beside the film at
    /// <paramref name="videoUrl"/> (stored by the caller as {assetId}.mp4) and says where they all are.
    /// </summary>
    public async Task<EpisodeFilm> SaveAsync(string userId, string projectName, string assetId, string jobId, string episodeId,
        string videoUrl, RenderedCut cut, bool isPreview, CancellationToken cancellationToken)
    {
        var poster = await sink.SaveAsync(new MediaToSave(userId, projectName, $"{assetId}_poster", AssetTypes.Image, "poster", cut.Poster,
            "image/jpeg", jobId, $"poster of {assetId}"), cancellationToken);
        string? subtitlesUrl = null;
        if (cut.Subtitles is not null)
        {
            subtitlesUrl = (await sink.SaveAsync(new MediaToSave(userId, projectName, $"{assetId}_subtitles", AssetTypes.Text, "subtitles",
                System.Text.Encoding.UTF8.GetBytes(cut.Subtitles), CutSubtitles.ContentType, jobId, $"subtitles of {assetId}"),
                cancellationToken)).PublicUrl;
        }
        return new EpisodeFilm(episodeId, videoUrl, poster.PublicUrl, subtitlesUrl, cut.DurationSeconds, isPreview);
    }

    /// <summary>Stores a preview film under {episode}_preview and its side files.</summary>
    public async Task<EpisodeFilm> SavePreviewAsync(string userId, string projectName, string episodeId, string jobId, RenderedCut cut,
        CancellationToken cancellationToken)
    {
        var assetId = Planning.NodeIds.CutPreview(episodeId);
        var video = await sink.SaveAsync(new MediaToSave(userId, projectName, assetId, AssetTypes.Video, "preview", cut.Video, "video/mp4",
            jobId, $"preview of episode {episodeId}"), cancellationToken);
        return await SaveAsync(userId, projectName, assetId, jobId, episodeId, video.PublicUrl, cut, isPreview: true, cancellationToken);
    }

    private async Task<SegmentFile> SegmentFileAsync(EpisodeTimeline timeline, TimelineSegment segment, string path, CancellationToken cancellationToken)
    {
        if (segment.SourceKey is null)
        {
            var text = segment.Kind == SegmentKinds.Title ? segment.Title : $"{segment.Title} (not generated yet)";
            await File.WriteAllBytesAsync(path, _cards.RenderPng(text, [], timeline.Width, timeline.Height), cancellationToken);
            return new SegmentFile(path, IsVideo: false, HasAudio: false);
        }
        await DownloadAsync(segment.SourceKey, path, cancellationToken);
        if (segment.Kind != SegmentKinds.Clip)
        {
            return new SegmentFile(path, IsVideo: false, HasAudio: false);
        }
        return new SegmentFile(path, IsVideo: true, await HasAudioAsync(path, cancellationToken));
    }

    private async Task<bool> HasAudioAsync(string clip, CancellationToken cancellationToken)
    {
        try
        {
            await _ffmpeg.RunAsync(CutCommand.AudioProbe(clip), cancellationToken);
            return true;
        }
        catch (ProviderException)
        {
            // No audio stream (the local provider's clips are silent): the scene's sound bed is silence.
            return false;
        }
    }

    private async Task DownloadAsync(string key, string path, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(key, cancellationToken)
            ?? throw new ProviderException(GenerationProviders.CutRenderer, $"'{key}' is missing from storage; generate its scene again", isRetryable: false);
        await File.WriteAllBytesAsync(path, stored.Content, cancellationToken);
    }

    /// <summary>A moment inside the first scene (past the transition into it), else inside the title card.</summary>
    private static double PosterTime(EpisodeTimeline timeline)
    {
        var segment = timeline.Segments.Count > 1 ? timeline.Segments[1] : timeline.Segments[0];
        return Math.Round(segment.Start + Math.Min(1.0, segment.Duration / 2), 3);
    }
}
