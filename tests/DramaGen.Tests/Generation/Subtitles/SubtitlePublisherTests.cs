using System.Text;
using DramaGen.Dramas;
using DramaGen.Jobs;
using DramaGen.Tests.Generation.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace DramaGen.Tests.Generation.Subtitles;

public sealed class SubtitlePublisherTests
{
    [Fact]
    public async Task A_run_stores_WebVTT_and_SRT_per_scene_and_episode_beside_the_media_and_links_them()
    {
        await using var host = await EngineHost.StartAsync(new FakeTimeProvider());
        var drama = TestDramas.Generated("drama_subs", characters: 2, episodes: 1, scenesPerEpisode: 2, auditions: false);
        drama.Episodes[0].Scenes[0].Lines =
        [
            new Line { Id = "l001", Speaker = drama.Episodes[0].Scenes[0].Characters[0], Text = "Twenty characters!!" },
            new Line { Id = "l002", Speaker = Speakers.Narrator, Text = "Ten chars." },
        ];
        await host.CreateAsync(drama);

        var run = await host.GenerateAsync("drama_subs");

        Assert.Equal(JobStatus.Completed, run.Status);
        var stored = (await host.Dramas.GetAsync("drama_subs"))!.Drama;
        var scene = stored.Episodes[0].Scenes[0];
        Assert.EndsWith("10000/drama_subs/assets/subtitles_e001_s001.vtt", scene.SubtitlesUrl);
        Assert.Null(stored.Episodes[0].Scenes[1].SubtitlesUrl);
        Assert.EndsWith("10000/drama_subs/assets/subtitles_e001.vtt", stored.Episodes[0].SubtitlesUrl);
        var vtt = Encoding.UTF8.GetString((await host.Store.GetAsync("10000/drama_subs/assets/subtitles_e001_s001.vtt"))!.Content);
        // 19 characters at 0.05 s = 0.95 s; the second line starts after a 0.3 s gap.
        Assert.Contains("00:00:00.000 --> 00:00:00.950", vtt);
        Assert.Contains("00:00:01.250 --> 00:00:01.750\n<v Narrator>Ten chars.", vtt);
        Assert.NotNull(await host.Store.GetAsync("10000/drama_subs/assets/subtitles_e001_s001.srt"));
        Assert.NotNull(await host.Store.GetAsync("10000/drama_subs/assets/subtitles_e001.srt"));

        var etag = (await host.Dramas.GetAsync("drama_subs"))!.ETag;
        await host.GenerateAsync("drama_subs");
        Assert.Equal(etag, (await host.Dramas.GetAsync("drama_subs"))!.ETag);
    }
}
