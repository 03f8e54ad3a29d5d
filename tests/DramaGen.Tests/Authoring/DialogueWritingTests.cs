using System.Text.Json;
using DramaGen.Authoring;
using DramaGen.Configuration;
using DramaGen.Dramas;
using DramaGen.Providers;
using DramaGen.Providers.Local;
using Microsoft.Extensions.Options;

namespace DramaGen.Tests.Authoring;

public sealed class DialogueWritingTests
{
    private const string Premise = "A lighthouse keeper's daughter finds a lantern that shows the future.";

    private static LocalTextProvider Writer() => new(Options.Create(new LocalProviderOptions()), TimeProvider.System);

    private static async Task<Drama> ComposedAsync(string premise = Premise)
    {
        var brief = new DramaBrief(premise, 2, 3);
        return DraftComposer.Compose(await Writer().WriteAsync(brief), brief, 8);
    }

    [Fact]
    public async Task The_local_writer_gives_every_scene_lines_from_its_cast_and_the_narrator_in_the_premises_words()
    {
        var drama = await ComposedAsync();

        var scenes = drama.Episodes.SelectMany(e => e.Scenes).ToList();
        Assert.All(scenes, scene =>
        {
            Assert.InRange(scene.Lines.Count, 2, 6);
            Assert.Equal(scene.Lines.Select((_, i) => $"l{i + 1:D3}"), scene.Lines.Select(l => l.Id));
            Assert.All(scene.Lines, line => Assert.True(line.Speaker == Speakers.Narrator || scene.Characters.Contains(line.Speaker), line.Speaker));
            Assert.Contains(scene.Lines, line => line.Speaker != Speakers.Narrator);
        });
        var words = string.Join(" ", scenes.SelectMany(s => s.Lines).Select(l => l.Text)).ToLowerInvariant();
        Assert.True(words.Contains("lantern") || words.Contains("lighthouse"), words);
    }

    [Fact]
    public async Task The_local_writer_is_deterministic_and_other_premises_give_other_lines()
    {
        string Lines(Drama d) => JsonSerializer.Serialize(d.Episodes.SelectMany(e => e.Scenes).Select(s => s.Lines.Select(l => $"{l.Speaker}: {l.Text}")));
        Assert.Equal(Lines(await ComposedAsync()), Lines(await ComposedAsync()));
        Assert.NotEqual(Lines(await ComposedAsync()), Lines(await ComposedAsync("Two rival chefs inherit the same crumbling restaurant in Lisbon.")));
    }

    [Fact]
    public async Task Improve_keeps_the_ids_and_speech_of_surviving_lines_and_numbers_new_ones_after_them()
    {
        var current = await ComposedAsync();
        current.Id = "drama_improve";
        var scene = current.Episodes[0].Scenes[0];
        scene.Lines[1].AudioUrl = "/files/line.wav";
        scene.Lines[1].DurationSeconds = 2.5;
        var kept = scene.Lines[1];

        var revised = await Writer().ImproveAsync(current, "Make the keeper's daughter braver.");
        var improved = DraftComposer.ComposeImproved(current, revised, 8);

        var lines = improved.Episodes[0].Scenes[0].Lines;
        var survivor = lines.Single(l => l.Text == kept.Text);
        Assert.Equal((kept.Id, kept.AudioUrl, kept.DurationSeconds), (survivor.Id, survivor.AudioUrl, survivor.DurationSeconds));
        var added = Assert.Single(lines, l => l.Text.Contains("braver"));
        Assert.Equal($"l{scene.Lines.Count + 1:D3}", added.Id);
        Assert.Null(added.AudioUrl);
    }

    [Fact]
    public async Task Critique_scores_dialogue_and_a_silent_drama_scores_lower_with_a_suggestion()
    {
        var drama = await ComposedAsync();
        var spoken = await Writer().CritiqueAsync(drama);
        foreach (var scene in drama.Episodes.SelectMany(e => e.Scenes)) scene.Lines.Clear();
        var silent = await Writer().CritiqueAsync(drama);

        Assert.True(spoken.Dialogue > silent.Dialogue, $"{spoken.Dialogue} vs {silent.Dialogue}");
        Assert.Contains(silent.Suggestions, s => s.Contains("lines", StringComparison.OrdinalIgnoreCase));
    }
}
