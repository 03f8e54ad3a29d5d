using DramaGen.Dramas;
using DramaGen.Providers;
using DramaGen.Authoring;

namespace DramaGen.Tests.Authoring;

public sealed class DraftComposerTests
{
    private static readonly DramaBrief Brief = new("A courier loses a letter in a flooded city.", 2, 2);

    private static DraftDrama Draft(string style = "noir") => new(
        "The Drowned Letter", "A courier searches a flooded city.", style,
        [new DraftCharacter("Ada", "A courier in a yellow coat."), new DraftCharacter("Bram", "A canal keeper."), new DraftCharacter("Cleo", "A thief.")],
        [
            new DraftEpisode("High Water", "The letter is lost.",
            [
                new DraftScene("The Drop", "Ada drops the letter.", "a bridge", ["Ada", "bram", "Nobody"], "Ada leans over the rail."),
                new DraftScene("The Canal", "Bram fishes it out.", "the canal", ["BRAM"], "Bram lifts a dripping envelope."),
            ]),
            new DraftEpisode("Low Tide", "The letter is read.",
            [
                new DraftScene("The Reading", "Cleo reads it aloud.", "a rooftop", ["Cleo", "Ada", "Ada"], ""),
            ]),
        ]);

    [Fact]
    public void Compose_numbers_characters_episodes_scenes_and_assets_with_three_digits()
    {
        var drama = DraftComposer.Compose(Draft(), Brief, 8);

        Assert.Equal(["c001", "c002", "c003"], drama.Characters.Select(c => c.Id));
        Assert.Equal(["e001", "e002"], drama.Episodes.Select(e => e.Id));
        Assert.Equal(["s001", "s002"], drama.Episodes[0].Scenes.Select(s => s.Id));
        Assert.Equal(["s001"], drama.Episodes[1].Scenes.Select(s => s.Id));
        Assert.All(drama.Characters.SelectMany(c => c.Assets), a => Assert.Equal("a001", a.Id));
        Assert.All(drama.Episodes.SelectMany(e => e.Scenes).SelectMany(s => s.Assets), a => Assert.Equal("a001", a.Id));
    }

    [Fact]
    public void Compose_maps_scene_character_names_to_ids_ignoring_case_and_drops_unknown_and_repeated_names()
    {
        var drama = DraftComposer.Compose(Draft(), Brief, 8);

        Assert.Equal(["c001", "c002"], drama.Episodes[0].Scenes[0].Characters);
        Assert.Equal(["c002"], drama.Episodes[0].Scenes[1].Characters);
        Assert.Equal(["c003", "c001"], drama.Episodes[1].Scenes[0].Characters);
    }

    [Fact]
    public void Compose_gives_each_character_an_audition_and_each_scene_a_clip()
    {
        var drama = DraftComposer.Compose(Draft(), Brief, 6);

        var audition = Assert.Single(drama.Characters[0].Assets);
        Assert.Equal(("video", "audition", 6, "pending"), (audition.Type, audition.Tag, audition.DurationSeconds!.Value, audition.Status));
        Assert.Empty(audition.DependsOn);
        Assert.Contains("Ada", audition.Prompt);
        Assert.Contains("A courier in a yellow coat.", audition.Prompt);

        var clip = Assert.Single(drama.Episodes[0].Scenes[0].Assets);
        Assert.Equal(("video", "clip", 6, "Ada leans over the rail."), (clip.Type, clip.Tag, clip.DurationSeconds!.Value, clip.Prompt));
        Assert.Equal(["c001", "c002"], clip.DependsOn);
        Assert.Null(clip.Url);
        Assert.Equal("Cleo reads it aloud.", drama.Episodes[1].Scenes[0].Assets[0].Prompt);
    }

    [Fact]
    public void Compose_takes_premise_style_and_aspect_ratio_from_the_brief()
    {
        var withStyle = DraftComposer.Compose(Draft(), Brief with { Style = "watercolour", AspectRatio = "16:9" }, 8);
        var withoutStyle = DraftComposer.Compose(Draft(), Brief with { AspectRatio = "" }, 8);

        Assert.Equal((Brief.Premise, "watercolour", "16:9"), (withStyle.Premise, withStyle.Style, withStyle.AspectRatio));
        Assert.Equal(("noir", "9:16"), (withoutStyle.Style, withoutStyle.AspectRatio));
        Assert.Equal("The Drowned Letter", withStyle.Title);
    }

    [Fact]
    public void Improve_keeps_ids_and_generated_media_of_unchanged_parts()
    {
        var current = Generated(DraftComposer.Compose(Draft(), Brief, 8));

        var merged = DraftComposer.ComposeImproved(current, Draft(), 8);

        Assert.Equal(DramaJson.Serialize(current), DramaJson.Serialize(merged));
    }

    [Fact]
    public void Improve_clears_media_of_a_changed_scene_but_keeps_its_id()
    {
        var current = Generated(DraftComposer.Compose(Draft(), Brief, 8));
        var draft = Draft();
        var scenes = draft.Episodes[0].Scenes.ToList();
        scenes[1] = scenes[1] with { Description = "Bram fishes it out at night.", ClipPrompt = "Torchlight on the water." };
        var revised = draft with { Episodes = [draft.Episodes[0] with { Scenes = scenes }, draft.Episodes[1]] };

        var merged = DraftComposer.ComposeImproved(current, revised, 8);

        var changed = merged.Episodes[0].Scenes[1];
        Assert.Equal(("s002", null, null, "pending", "Torchlight on the water."), (changed.Id, changed.ImageUrl, changed.Assets[0].Url, changed.Assets[0].Status, changed.Assets[0].Prompt));
        Assert.Equal("https://cdn/e001/s001.png", merged.Episodes[0].Scenes[0].ImageUrl);
        Assert.Equal("https://cdn/e001/s001/a001.mp4", merged.Episodes[0].Scenes[0].Assets[0].Url);
    }

    [Fact]
    public void Improve_redraws_a_changed_character_and_every_scene_they_appear_in()
    {
        var current = Generated(DraftComposer.Compose(Draft(), Brief, 8));
        var draft = Draft();
        var revised = draft with { Characters = [draft.Characters[0], draft.Characters[1] with { Description = "An old canal keeper." }, draft.Characters[2]] };

        var merged = DraftComposer.ComposeImproved(current, revised, 8);

        Assert.Null(merged.Characters[1].ImageUrl);
        Assert.Null(merged.Characters[1].Assets[0].Url);
        Assert.Contains("An old canal keeper.", merged.Characters[1].Assets[0].Prompt);
        Assert.NotNull(merged.Characters[0].ImageUrl);
        Assert.Null(merged.Episodes[0].Scenes[0].ImageUrl);
        Assert.Null(merged.Episodes[0].Scenes[1].ImageUrl);
        Assert.Equal("https://cdn/e002/s001.png", merged.Episodes[1].Scenes[0].ImageUrl);
    }

    [Fact]
    public void Improve_gives_new_parts_ids_above_every_id_in_use()
    {
        var current = DraftComposer.Compose(Draft(), Brief, 8);
        var draft = Draft();
        var revised = draft with
        {
            Characters = [draft.Characters[0], draft.Characters[2], new DraftCharacter("Dov", "A boatman.")],
            Episodes =
            [
                draft.Episodes[0] with { Scenes = [draft.Episodes[0].Scenes[1], new DraftScene("The Chase", "Ada runs.", "a quay", ["Ada", "Dov", "Bram"], "Running.")] },
                draft.Episodes[1],
                new DraftEpisode("Dry Land", "The end.", [new DraftScene("Home", "Ada rests.", "a room", ["Ada"], "Stillness.")]),
            ],
        };

        var merged = DraftComposer.ComposeImproved(current, revised, 8);

        Assert.Equal(["c001", "c003", "c004"], merged.Characters.Select(c => c.Id));
        Assert.Equal(["e001", "e002", "e003"], merged.Episodes.Select(e => e.Id));
        Assert.Equal(["s002", "s003"], merged.Episodes[0].Scenes.Select(s => s.Id));
        Assert.Equal(["c001", "c004"], merged.Episodes[0].Scenes[1].Characters);
        Assert.Empty(merged.Episodes[0].Scenes[0].Characters);
        Assert.Equal(["s001"], merged.Episodes[2].Scenes.Select(s => s.Id));
    }

    [Fact]
    public void Improve_matches_a_renamed_episode_by_position_and_keeps_user_added_assets()
    {
        var current = Generated(DraftComposer.Compose(Draft(), Brief, 8));
        current.Episodes[1].Scenes[0].Assets.Add(new DramaAsset
        {
            Id = "a002", Type = "image", Tag = "poster", Prompt = "A poster.", DependsOn = ["a001", "c002"], Url = "https://cdn/poster.png", Status = "completed",
        });
        var draft = Draft();
        var revised = draft with { Episodes = [draft.Episodes[0], draft.Episodes[1] with { Title = "Slack Water" }] };

        var merged = DraftComposer.ComposeImproved(current, revised, 8);

        Assert.Equal(("e002", "Slack Water"), (merged.Episodes[1].Id, merged.Episodes[1].Title));
        var poster = merged.Episodes[1].Scenes[0].Assets.Single(a => a.Tag == "poster");
        Assert.Equal(("a002", "https://cdn/poster.png", "completed"), (poster.Id, poster.Url, poster.Status));
        Assert.Equal(["a001", "c002"], poster.DependsOn);
    }

    [Fact]
    public void Improve_drops_removed_characters_from_every_dependsOn_and_resets_what_depended_on_them()
    {
        var current = Generated(DraftComposer.Compose(Draft(), Brief, 8));
        current.Episodes[1].Scenes[0].Assets.Add(new DramaAsset { Id = "a002", Tag = "poster", Prompt = "A poster.", DependsOn = ["a001", "c002"], Url = "https://cdn/p.png", Status = "completed" });
        var draft = Draft();
        var revised = draft with { Characters = [draft.Characters[0], draft.Characters[2]] };

        var merged = DraftComposer.ComposeImproved(current, revised, 8);

        var dependencies = merged.Characters.SelectMany(c => c.Assets).Concat(merged.Episodes.SelectMany(e => e.Scenes).SelectMany(s => s.Assets)).SelectMany(a => a.DependsOn);
        Assert.DoesNotContain("c002", dependencies);
        var poster = merged.Episodes[1].Scenes[0].Assets.Single(a => a.Tag == "poster");
        Assert.Equal(["a001"], poster.DependsOn);
        Assert.Equal((null, "pending"), (poster.Url, poster.Status));
        Assert.Equal("https://cdn/e002/s001.png", merged.Episodes[1].Scenes[0].ImageUrl);
        Assert.Equal("https://cdn/e002/s001/a001.mp4", merged.Episodes[1].Scenes[0].Assets[0].Url);
    }

    [Fact]
    public void Improve_keeps_drama_identity_and_changes_nothing_kept_when_the_style_changes_except_media()
    {
        var current = Generated(DraftComposer.Compose(Draft(), Brief, 8));
        current.Id = "drama_abc";

        var merged = DraftComposer.ComposeImproved(current, Draft(style: "pastel"), 8);

        Assert.Equal(("drama_abc", Brief.Premise, "pastel"), (merged.Id, merged.Premise, merged.Style));
        Assert.Equal(current.Characters.Select(c => c.Id), merged.Characters.Select(c => c.Id));
        Assert.All(merged.Characters, c => Assert.Null(c.ImageUrl));
        Assert.All(merged.Episodes.SelectMany(e => e.Scenes), s => Assert.Null(s.ImageUrl));
    }

    [Fact]
    public void Compose_survives_a_draft_with_missing_fields_and_null_entries()
    {
        var garbage = new DraftDrama(null!, null!, null!, [null!, new DraftCharacter("Ada", null!)],
            [null!, new DraftEpisode(null!, null!, [null!, new DraftScene(null!, null!, null!, null!, null!)]), new DraftEpisode("Empty", "", null!)]);

        var drama = DraftComposer.Compose(garbage, Brief, 8);
        var merged = DraftComposer.ComposeImproved(drama, garbage, 8);

        Assert.Equal(["c001"], drama.Characters.Select(c => c.Id));
        Assert.Equal(["e001", "e002"], drama.Episodes.Select(e => e.Id));
        Assert.Equal(("s001", ""), (drama.Episodes[0].Scenes.Single().Id, drama.Episodes[0].Scenes.Single().Title));
        Assert.Equal(DramaJson.Serialize(drama), DramaJson.Serialize(merged));
    }

    /// <summary>The drama as if every portrait, storyboard and asset had been generated.</summary>
    private static Drama Generated(Drama drama)
    {
        foreach (var character in drama.Characters)
        {
            character.ImageUrl = $"https://cdn/{character.Id}.png";
            foreach (var asset in character.Assets) (asset.Url, asset.Status) = ($"https://cdn/{character.Id}/{asset.Id}.mp4", "completed");
        }
        foreach (var episode in drama.Episodes)
        foreach (var scene in episode.Scenes)
        {
            scene.ImageUrl = $"https://cdn/{episode.Id}/{scene.Id}.png";
            foreach (var asset in scene.Assets) (asset.Url, asset.Status) = ($"https://cdn/{episode.Id}/{scene.Id}/{asset.Id}.mp4", "completed");
        }
        return drama;
    }
}
