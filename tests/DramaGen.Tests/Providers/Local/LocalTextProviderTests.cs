using System.Text.Json;
using DramaGen.Configuration;
using DramaGen.Providers;
using DramaGen.Providers.Local;
using DramaGen.Authoring;
using Microsoft.Extensions.Options;

namespace DramaGen.Tests.Providers.Local;

public sealed class LocalTextProviderTests
{
    private const string Premise = "A lighthouse keeper's daughter finds a lantern that shows the future.";

    private static LocalTextProvider CreateSut() => new(Options.Create(new LocalProviderOptions()), TimeProvider.System);

    private static string Json(object value) => JsonSerializer.Serialize(value);

    [Fact]
    public async Task Write_gives_the_same_drama_for_the_same_brief()
    {
        var first = await CreateSut().WriteAsync(new DramaBrief(Premise, 3, 4));
        var second = await CreateSut().WriteAsync(new DramaBrief(Premise, 3, 4));

        Assert.Equal(Json(first), Json(second));
    }

    [Fact]
    public async Task Write_gives_a_different_drama_for_a_different_premise()
    {
        var first = await CreateSut().WriteAsync(new DramaBrief(Premise, 2, 3));
        var second = await CreateSut().WriteAsync(new DramaBrief("Two rival chefs inherit the same crumbling restaurant in Lisbon.", 2, 3));

        Assert.NotEqual(first.Title, second.Title);
        Assert.NotEqual(Json(first), Json(second));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 4)]
    [InlineData(5, 2)]
    [InlineData(10, 7)]
    public async Task Write_honours_the_requested_episode_and_scene_counts(int episodes, int scenes)
    {
        var draft = await CreateSut().WriteAsync(new DramaBrief(Premise, episodes, scenes));

        Assert.Equal(episodes, draft.Episodes.Count);
        Assert.All(draft.Episodes, e => Assert.Equal(scenes, e.Scenes.Count));
        Assert.Equal(episodes, draft.Episodes.Select(e => e.Title).Distinct().Count());
        Assert.All(draft.Episodes, e => Assert.Equal(scenes, e.Scenes.Select(s => s.Title).Distinct().Count()));
    }

    [Fact]
    public async Task Write_builds_title_synopsis_and_scenes_from_the_premise_words()
    {
        var draft = await CreateSut().WriteAsync(new DramaBrief(Premise, 2, 3));
        string[] premiseWords = ["lighthouse", "keeper", "daughter", "lantern", "shows", "future"];

        Assert.Contains(premiseWords, w => draft.Title.Contains(w, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(Premise, draft.Synopsis);
        var scenes = draft.Episodes.SelectMany(e => e.Scenes).ToList();
        Assert.All(scenes, s => Assert.Contains(premiseWords, w => s.Description.Contains(w, StringComparison.OrdinalIgnoreCase)));
        Assert.All(scenes, s => Assert.Contains(premiseWords, w => s.ClipPrompt.Contains(w, StringComparison.OrdinalIgnoreCase)));
        Assert.All(scenes, s => Assert.False(string.IsNullOrWhiteSpace(s.Location)));
        Assert.All(draft.Characters, c => Assert.Contains(premiseWords, w => c.Description.Contains(w, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task Write_casts_two_to_four_named_characters_who_all_appear_in_scenes()
    {
        var draft = await CreateSut().WriteAsync(new DramaBrief(Premise, 2, 3));
        var names = draft.Characters.Select(c => c.Name).ToList();

        Assert.InRange(names.Count, 2, 4);
        Assert.Equal(names.Count, names.Distinct().Count());
        var appearing = draft.Episodes.SelectMany(e => e.Scenes).SelectMany(s => s.Characters).ToHashSet();
        Assert.Equal(names.ToHashSet(), appearing);
    }

    [Theory]
    [InlineData("!!! ??? ...")]
    [InlineData("灯塔守护者的女儿发现了一盏能照见未来的灯笼")]
    [InlineData("In Tokyo, a chef and a thief.")]
    public async Task Write_copes_with_premises_of_few_or_unusual_words(string premise)
    {
        var draft = await CreateSut().WriteAsync(new DramaBrief(premise, 2, 2));

        Assert.False(string.IsNullOrWhiteSpace(draft.Title));
        Assert.Equal(2, draft.Episodes.Count);
        Assert.All(draft.Episodes.SelectMany(e => e.Scenes), s => Assert.False(string.IsNullOrWhiteSpace(s.Description)));
    }

    [Fact]
    public async Task Write_keeps_proper_nouns_capitalised_in_running_text()
    {
        var draft = await CreateSut().WriteAsync(new DramaBrief("A courier crosses the Sahara with a letter.", 2, 3));

        var text = string.Join(" ", draft.Episodes.SelectMany(e => e.Scenes).Select(s => s.Description));
        Assert.Contains("the Sahara", text);
        Assert.Contains("the letter", text);
        Assert.DoesNotContain("sahara", text);
    }

    [Fact]
    public async Task Write_keeps_the_style_the_brief_asks_for()
    {
        var draft = await CreateSut().WriteAsync(new DramaBrief(Premise, 1, 2, Style: "black and white silent film"));

        Assert.Equal("black and white silent film", draft.Style);
        Assert.All(draft.Episodes.SelectMany(e => e.Scenes), s => Assert.Contains("black and white silent film", s.ClipPrompt));
    }

    [Theory]
    [InlineData("   ", 1, 1)]
    [InlineData("A premise", 0, 1)]
    [InlineData("A premise", 1, 0)]
    public async Task Write_rejects_an_unusable_brief_without_retry(string premise, int episodes, int scenes)
    {
        var error = await Assert.ThrowsAsync<ProviderException>(() => CreateSut().WriteAsync(new DramaBrief(premise, episodes, scenes)));

        Assert.False(error.IsRetryable);
    }

    [Fact]
    public async Task Improve_keeps_names_and_titles_and_weaves_the_feedback_in()
    {
        var sut = CreateSut();
        var drama = DraftComposer.Compose(await sut.WriteAsync(new DramaBrief(Premise, 2, 2)), new DramaBrief(Premise, 2, 2), 8);

        var revised = await sut.ImproveAsync(drama, "Make the storm more menacing");

        Assert.Equal(drama.Characters.Select(c => c.Name), revised.Characters.Select(c => c.Name));
        Assert.Equal(drama.Episodes.Select(e => e.Title), revised.Episodes.Select(e => e.Title));
        Assert.Equal(drama.Episodes.SelectMany(e => e.Scenes).Select(s => s.Title), revised.Episodes.SelectMany(e => e.Scenes).Select(s => s.Title));
        Assert.Contains("Make the storm more menacing", revised.Synopsis);
        Assert.All(revised.Episodes.SelectMany(e => e.Scenes), s => Assert.Contains("Make the storm more menacing", s.Description));
        Assert.All(revised.Episodes.SelectMany(e => e.Scenes), s => Assert.Contains("Make the storm more menacing", s.ClipPrompt));
    }

    [Fact]
    public async Task Improve_that_names_a_character_revises_only_that_character_and_their_scenes()
    {
        var sut = CreateSut();
        var drama = await WriteWithLargeCastAsync(sut);
        var target = drama.Characters[^1];

        var revised = await sut.ImproveAsync(drama, $"{target.Name.ToUpperInvariant()} should be kinder");

        var scenes = drama.Episodes.SelectMany(e => e.Scenes).Zip(revised.Episodes.SelectMany(e => e.Scenes)).ToList();
        Assert.Contains(scenes, p => p.First.Characters.Contains(target.Id));
        Assert.Contains(scenes, p => !p.First.Characters.Contains(target.Id));
        Assert.All(scenes, p => Assert.Equal(p.First.Characters.Contains(target.Id), p.Second.Description != p.First.Description));
        Assert.All(revised.Characters, c => Assert.Equal(c.Name == target.Name, c.Description.Contains("should be kinder")));
    }

    /// <summary>A drama of three or more characters, so a named one is absent from some scenes.</summary>
    private static async Task<DramaGen.Dramas.Drama> WriteWithLargeCastAsync(LocalTextProvider sut)
    {
        foreach (var premise in new[] { Premise, "Two rival chefs inherit a restaurant.", "A courier loses a letter.", "A choir sings to a ghost." })
        {
            var brief = new DramaBrief(premise, 3, 3);
            var draft = await sut.WriteAsync(brief);
            if (draft.Characters.Count >= 3) return DraftComposer.Compose(draft, brief, 8);
        }
        throw new InvalidOperationException("No premise gave a cast of three.");
    }

    [Fact]
    public async Task Improve_with_the_same_feedback_twice_changes_nothing_more()
    {
        var sut = CreateSut();
        var brief = new DramaBrief(Premise, 1, 3);
        var drama = DraftComposer.Compose(await sut.WriteAsync(brief), brief, 8);

        var once = DraftComposer.ComposeImproved(drama, await sut.ImproveAsync(drama, "More rain."), 8);
        var twice = await sut.ImproveAsync(once, "More rain.");

        Assert.Equal(Json(await sut.ImproveAsync(drama, "More rain.")), Json(twice));
    }

    [Fact]
    public async Task Improve_many_times_keeps_only_the_latest_three_notes()
    {
        var sut = CreateSut();
        var brief = new DramaBrief(Premise, 1, 2);
        var drama = DraftComposer.Compose(await sut.WriteAsync(brief), brief, 8);
        var original = drama.Synopsis;

        for (var i = 1; i <= 5; i++) drama = DraftComposer.ComposeImproved(drama, await sut.ImproveAsync(drama, $"Note number {i}"), 8);

        Assert.Equal($"{original} Revised: Note number 3. Revised: Note number 4. Revised: Note number 5.", drama.Synopsis);
        Assert.All(drama.Episodes.SelectMany(e => e.Scenes), s => Assert.EndsWith("Revised: Note number 5.", s.Description));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(10, 7)]
    public async Task Written_and_improved_dramas_pass_the_drama_validator(int episodes, int scenes)
    {
        var sut = CreateSut();
        var validator = new DramaGen.Dramas.DramaValidator(Options.Create(new LimitsOptions()), new DramaGen.Generation.Planning.PlannerDependencyRules(Options.Create(new GenerationOptions())));
        var brief = new DramaBrief(new string('x', 10) + " " + Premise + " " + string.Join(" ", Enumerable.Repeat("storm", 600)), episodes, scenes);
        var drama = DraftComposer.Compose(await sut.WriteAsync(brief), brief, 10);
        drama.Id = "drama_0123456789ab";

        Assert.Empty(validator.Validate(drama).Errors);
        var improved = DraftComposer.ComposeImproved(drama, await sut.ImproveAsync(drama, new string('y', 5_000)), 10);
        Assert.Empty(validator.Validate(improved).Errors);
    }

    [Fact]
    public async Task Critique_scores_a_complete_drama_well_and_names_no_weakness()
    {
        var sut = CreateSut();
        var brief = new DramaBrief(Premise, 2, 3);
        var drama = DraftComposer.Compose(await sut.WriteAsync(brief), brief, 8);

        var critique = await sut.CritiqueAsync(drama);

        Assert.Equal(10, critique.Overall);
        Assert.Empty(critique.Weaknesses);
        Assert.NotEmpty(critique.Strengths);
    }

    [Fact]
    public async Task Critique_marks_down_characters_who_never_appear_and_uneven_episodes()
    {
        var sut = CreateSut();
        var brief = new DramaBrief(Premise, 2, 3);
        var drama = DraftComposer.Compose(await sut.WriteAsync(brief), brief, 8);
        drama.Characters.Add(new DramaGen.Dramas.Character { Id = "c009", Name = "Ghost", Description = "Never seen." });
        drama.Episodes[1].Scenes.RemoveRange(1, 2);

        var critique = await sut.CritiqueAsync(drama);

        Assert.InRange(critique.Characters, 1, 8);
        Assert.InRange(critique.Pacing, 1, 8);
        Assert.InRange(critique.Overall, 1, 9);
        Assert.Contains(critique.Weaknesses, w => w.Contains("Ghost"));
        Assert.Contains(critique.Weaknesses, w => w.Contains("1 to 3 scenes"));
        Assert.Equal(critique.Weaknesses.Count, critique.Suggestions.Count);
    }
}
