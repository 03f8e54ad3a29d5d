using System.Globalization;
using System.Text.Json;
using DramaGen.Dramas;
using DramaGen.Generation.Subtitles;
using DramaGen.Generation.Timeline;
using DramaGen.Tests.Providers.Local;

namespace DramaGen.Tests.Generation.Subtitles;

public sealed class SubtitleFormatsTests
{
    private const string Hostile = "Run </c><script>alert(1)</script> now --> & hide";

    private static Drama Drama(params double[] durations)
    {
        var scene = new Scene
        {
            Id = "s001", Characters = ["c001"],
            Assets = [new DramaAsset { Id = "a001", Type = AssetTypes.Video, DurationSeconds = 8 }],
            Lines =
            [
                .. durations.Select((d, i) => new Line
                {
                    Id = $"l{i + 1:D3}", Speaker = i % 2 == 0 ? "c001" : Speakers.Narrator,
                    Text = i == 1 ? Hostile : $"Line {i + 1}.", DurationSeconds = d,
                }),
            ],
        };
        var second = new Scene
        {
            Id = "s002", Characters = ["c001"],
            Lines = [new Line { Id = "l001", Speaker = "c001", Text = "Second scene.", DurationSeconds = 1 }],
        };
        return new Drama
        {
            Characters = [new Character { Id = "c001", Name = "Mara <b>" }],
            Episodes = [new Episode { Id = "e001", Scenes = [scene, second] }],
        };
    }

    /// <summary>(start, end) of each cue as ffprobe reads the file: an independent WebVTT/SRT parser.</summary>
    private static async Task<List<(double Start, double End)>> CuesByFfprobeAsync(string text, string extension)
    {
        var path = Path.Combine(Path.GetTempPath(), $"dramagen-subs-{Guid.NewGuid():N}.{extension}");
        await File.WriteAllTextAsync(path, text);
        try
        {
            var json = await FfprobeReport.RunAsync("ffprobe", "-v", "error", "-show_packets", "-of", "json", path);
            using var document = JsonDocument.Parse(json);
            return [.. document.RootElement.GetProperty("packets").EnumerateArray().Select(packet =>
            {
                var start = double.Parse(packet.GetProperty("pts_time").GetString()!, CultureInfo.InvariantCulture);
                return (start, start + double.Parse(packet.GetProperty("duration_time").GetString()!, CultureInfo.InvariantCulture));
            })];
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Lines_follow_each_other_by_their_measured_durations_and_a_small_gap()
    {
        var drama = Drama(1.2, 0.8, 2.0);
        var lines = SpokenTimeline.OfScene(drama, "e001", drama.Episodes[0].Scenes[0]);

        var gap = SpokenTimeline.GapSeconds;
        Assert.Equal([0, 1.2 + gap, 1.2 + 0.8 + 2 * gap], lines.Select(l => Math.Round(l.Start, 6)));
        Assert.Equal([1.2, 0.8, 2.0], lines.Select(l => l.Duration));
        Assert.Equal(["Mara <b>", "Narrator", "Mara <b>"], lines.Select(l => l.SpeakerName));
    }

    [Fact]
    public void An_episode_plays_its_scenes_in_turn_each_as_long_as_its_clip_or_its_lines()
    {
        var drama = Drama(1.2, 0.8, 2.0);
        var lines = SpokenTimeline.OfEpisode(drama, drama.Episodes[0]);

        // Scene one speaks for about 4.6 s but its clip lasts 8 s: scene two starts at 8.
        Assert.Equal(8, lines.Single(l => l.SceneId == "s002").Start, 6);
        Assert.Equal(4, lines.Count);
    }

    [Theory]
    [InlineData("vtt")]
    [InlineData("srt")]
    public async Task Cue_times_in_the_file_match_the_summed_durations_as_ffprobe_reads_them(string format)
    {
        var drama = Drama(1.2, 0.8, 2.0);
        var lines = SpokenTimeline.OfEpisode(drama, drama.Episodes[0]);
        var text = format == "vtt" ? SubtitleFormats.WebVtt(lines) : SubtitleFormats.Srt(lines);

        var cues = await CuesByFfprobeAsync(text, format);

        Assert.Equal(lines.Count, cues.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            Assert.Equal(lines[i].Start, cues[i].Start, 2);
            Assert.Equal(lines[i].End, cues[i].End, 2);
        }
    }

    [Fact]
    public void Markup_and_cue_arrows_in_a_line_come_out_escaped_in_WebVTT_with_the_speaker_voice_tag()
    {
        var drama = Drama(1, 1);
        var vtt = SubtitleFormats.WebVtt(SpokenTimeline.OfScene(drama, "e001", drama.Episodes[0].Scenes[0]));

        Assert.StartsWith("WEBVTT\n", vtt);
        Assert.Contains("<v Narrator>Run &lt;/c&gt;&lt;script&gt;alert(1)&lt;/script&gt; now --&gt; &amp; hide\n", vtt);
        Assert.Contains("<v Mara &lt;b&gt;>Line 1.", vtt);
        Assert.DoesNotContain("<script", vtt);
        Assert.DoesNotContain("</c>", vtt);
        // The only arrows left are the timing lines'.
        Assert.Equal(2, vtt.Split("-->").Length - 1);
    }

    [Fact]
    public void Markup_in_SRT_is_defused_and_the_speaker_named_on_each_cue()
    {
        var drama = Drama(1, 1);
        var srt = SubtitleFormats.Srt(SpokenTimeline.OfScene(drama, "e001", drama.Episodes[0].Scenes[0]));

        Assert.Contains("Narrator: Run ‹/c›‹script›alert(1)‹/script› now --› & hide\n", srt);
        Assert.Contains("Mara ‹b›: Line 1.", srt);
        Assert.DoesNotContain("<", srt);
        Assert.Equal(2, srt.Split("-->").Length - 1);
    }

    [Fact]
    public async Task A_hostile_line_still_parses_as_exactly_its_cues()
    {
        var drama = Drama(1, 1, 1);
        var lines = SpokenTimeline.OfScene(drama, "e001", drama.Episodes[0].Scenes[0]);
        Assert.Equal(3, (await CuesByFfprobeAsync(SubtitleFormats.WebVtt(lines), "vtt")).Count);
        Assert.Equal(3, (await CuesByFfprobeAsync(SubtitleFormats.Srt(lines), "srt")).Count);
    }
}
