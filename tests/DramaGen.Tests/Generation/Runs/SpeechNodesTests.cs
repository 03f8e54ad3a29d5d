using DramaGen.Dramas;
using DramaGen.Generation.Runs;
using DramaGen.Jobs;
using DramaGen.Providers;
using DramaGen.Tests.Generation.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace DramaGen.Tests.Generation.Runs;

public sealed class SpeechNodesTests
{
    /// <summary>Two characters and the narrator speaking in two scenes; c001 has two lines, c002 one.</summary>
    private static Drama Talking(string id)
    {
        var drama = TestDramas.Generated(id, characters: 2, episodes: 1, scenesPerEpisode: 2, auditions: false);
        var first = drama.Episodes[0].Scenes[0];
        first.Characters = ["c001", "c002"];
        first.Lines =
        [
            new Line { Id = "l001", Speaker = "c001", Text = "The lantern never lies.", Direction = "whispered" },
            new Line { Id = "l002", Speaker = "c002", Text = "Then tell me what it shows." },
            new Line { Id = "l003", Speaker = Speakers.Narrator, Text = "The storm came at dusk." },
        ];
        var second = drama.Episodes[0].Scenes[1];
        second.Characters = ["c001"];
        second.Lines = [new Line { Id = "l001", Speaker = "c001", Text = "I am alone now." }];
        return drama;
    }

    private static async Task<(EngineHost Host, Drama Drama)> SpokenOnceAsync(string id)
    {
        var host = await EngineHost.StartAsync(new FakeTimeProvider());
        await host.CreateAsync(Talking(id));
        var first = await host.GenerateAsync(id);
        Assert.Equal(JobStatus.Completed, first.Status);
        Assert.Equal(4, host.Speech.Instrument.Calls.Count);
        host.ResetCalls();
        return (host, (await host.Dramas.GetAsync(id))!.Drama);
    }

    [Fact]
    public async Task Every_line_is_spoken_into_a_wav_whose_url_and_measured_duration_land_in_the_drama_and_the_node_state()
    {
        var (host, drama) = await SpokenOnceAsync("drama_talk");
        await using var _ = host;

        var line = drama.Episodes[0].Scenes[0].Lines[0];
        var key = $"10000/drama_talk/assets/line_e001_s001_l001.wav";
        var stored = await host.Store.GetAsync(key);
        Assert.NotNull(stored);
        Assert.EndsWith(key, line.AudioUrl);
        var expected = line.Text.Length * FakeSpeechProvider.SecondsPerCharacter;
        Assert.Equal(expected, line.DurationSeconds!.Value, 3);
        Assert.Equal(expected, WavAudio.DurationOf(stored!.Content, "test"), 3);
        Assert.Equal(expected, (await host.States.ReadAsync("drama_talk")).Get("line_e001_s001_l001")!.DurationSeconds!.Value, 3);
        Assert.All(drama.Episodes[0].Scenes.SelectMany(s => s.Lines), l => Assert.NotNull(l.AudioUrl));
    }

    [Fact]
    public async Task Voices_are_cast_distinct_stored_in_the_drama_and_sent_with_each_line_and_its_direction()
    {
        var (host, drama) = await SpokenOnceAsync("drama_cast");
        await using var _ = host;
        await host.GenerateAsync("drama_cast", request: new GenerateRequest { Force = true });

        string[] voices = [drama.Characters[0].Voice!, drama.Characters[1].Voice!, drama.NarratorVoice!];
        Assert.Equal(voices.Length, voices.Distinct().Count());
        Assert.All(voices, voice => Assert.Contains(voice, host.Speech.Voices));
        var prompts = host.Speech.Instrument.Calls.Select(call => call.Prompt).ToList();
        Assert.Contains($"{voices[0]}: The lantern never lies.", prompts);
        Assert.Contains($"{voices[2]}: The storm came at dusk.", prompts);
        Assert.Equal("whispered", host.Speech.Instrument.Calls.Single(call => call.Prompt.EndsWith("never lies.")).FirstFrameLabel);
    }

    [Fact]
    public async Task Editing_one_lines_text_makes_exactly_one_speech_call_and_nothing_else()
    {
        var (host, drama) = await SpokenOnceAsync("drama_edit");
        await using var _ = host;
        await host.Dramas.UpdateAsync("drama_edit", d => d.Episodes[0].Scenes[0].Lines[1].Text = "Then tell me what it shows tonight.");

        await host.GenerateAsync("drama_edit");

        var call = Assert.Single(host.Calls);
        Assert.EndsWith(": Then tell me what it shows tonight.", call.Prompt);
        var line = (await host.Dramas.GetAsync("drama_edit"))!.Drama.Episodes[0].Scenes[0].Lines[1];
        Assert.Equal("Then tell me what it shows tonight.".Length * FakeSpeechProvider.SecondsPerCharacter, line.DurationSeconds!.Value, 3);
    }

    [Fact]
    public async Task Editing_a_characters_voice_re_speaks_exactly_that_characters_lines()
    {
        var (host, drama) = await SpokenOnceAsync("drama_voice");
        await using var _ = host;
        var unused = host.Speech.Voices.First(v => v != drama.Characters[0].Voice && v != drama.Characters[1].Voice && v != drama.NarratorVoice);
        await host.Dramas.UpdateAsync("drama_voice", d => d.Characters[0].Voice = unused);

        await host.GenerateAsync("drama_voice");

        Assert.Equal(
            [$"{unused}: I am alone now.", $"{unused}: The lantern never lies."],
            host.Calls.Select(call => call.Prompt).Order());
    }

    [Fact]
    public async Task Restyling_the_pictures_never_re_speaks_a_line()
    {
        var (host, _) = await SpokenOnceAsync("drama_style");
        await using var __ = host;
        await host.Dramas.UpdateAsync("drama_style", d => d.Style = "black and white");

        await host.GenerateAsync("drama_style");

        Assert.Empty(host.Speech.Instrument.Calls);
        Assert.NotEmpty(host.Image.Instrument.Calls);
    }

    [Fact]
    public async Task An_audio_asset_is_speech_of_its_prompt_and_never_completes_without_a_file()
    {
        await using var host = await EngineHost.StartAsync(new FakeTimeProvider());
        var drama = Talking("drama_audio");
        drama.Episodes[0].Scenes[1].Assets.Add(new DramaAsset { Id = "a009", Type = AssetTypes.Audio, Tag = "voiceover", Prompt = "Years later, the lamp still burns." });
        drama.Episodes[0].Scenes[0].Assets.Add(new DramaAsset { Id = "a010", Type = AssetTypes.Audio, Tag = "voiceover", Prompt = "No one answered." });
        host.Speech.Instrument.FailIf = prompt => prompt.EndsWith("No one answered.") ? "speech refused: the voice is not available" : null;
        await host.CreateAsync(drama);

        var run = await host.GenerateAsync("drama_audio");

        var statuses = host.ChildStatuses(run.JobId);
        Assert.Equal(JobStatus.Completed, statuses["scene_asset_e001_s002_a009"]);
        Assert.Equal(JobStatus.Failed, statuses["scene_asset_e001_s001_a010"]);
        var failed = host.Children(run.JobId).Single(child => child.AssetId == "scene_asset_e001_s001_a010");
        Assert.Contains("the voice is not available", failed.Error);
        var stored = (await host.Dramas.GetAsync("drama_audio"))!.Drama;
        var spoken = stored.Episodes[0].Scenes[1].Assets.Single(a => a.Id == "a009");
        Assert.Equal(AssetStatuses.Completed, spoken.Status);
        Assert.NotNull(await host.Store.GetAsync($"10000/drama_audio/assets/scene_asset_e001_s002_a009.wav"));
        var refused = stored.Episodes[0].Scenes[0].Assets.Single(a => a.Id == "a010");
        Assert.Equal((AssetStatuses.Failed, (string?)null), (refused.Status, refused.Url));
    }
}
