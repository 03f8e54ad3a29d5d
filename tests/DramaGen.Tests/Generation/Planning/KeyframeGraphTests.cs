using DramaGen.Dramas;
using DramaGen.Generation.Planning;

namespace DramaGen.Tests.Generation.Planning;

public sealed class KeyframeGraphTests
{
    private static readonly PlanningOptions Sheets = new(["side", "full_body"]);

    /// <summary>One episode of three scenes with c001 in each; every scene has an end frame and one clip.</summary>
    private static Drama Chain()
    {
        var scenes = Enumerable.Range(1, 3).Select(s =>
        {
            var scene = TestDramas.Scene($"s{s}", ["c001"], TestDramas.Asset("a1", "video", "clip"));
            scene.EndFrame = new EndFrame { Prompt = $"end of s{s}" };
            return scene;
        }).ToArray();
        return new Drama { Id = "drama_chain", Characters = [TestDramas.Character("c001")], Episodes = [TestDramas.Episode("e1", scenes)] };
    }

    [Fact]
    public void Each_configured_view_is_a_node_made_from_the_portrait()
    {
        var graph = DramaGraph.Build(Chain(), new PlanningOptions(["side", "back"]));

        Assert.Equal(["char_c001", "char_view_c001_side", "char_view_c001_back"], graph.Nodes.Take(3).Select(node => node.Id));
        Assert.All(graph.Nodes.Skip(1).Take(2), view =>
        {
            Assert.Equal((NodeKind.CharacterView, Capability.Image, 1), (view.Kind, view.Capability, view.Level));
            Assert.Equal(["char_c001"], view.DependsOn);
        });
        Assert.Null(graph.Find("char_view_c001_full_body"));
    }

    [Fact]
    public void A_characters_image_and_video_assets_take_the_whole_sheet_and_its_speech_the_portrait_alone()
    {
        var drama = Chain();
        var audition = TestDramas.Asset("a1", "video", "audition");
        audition.Mode = ClipModes.Reference;
        drama.Characters[0].Assets = [audition, TestDramas.Asset("a2", "image", "costume"), TestDramas.Asset("a3", "audio", "voice")];
        var graph = DramaGraph.Build(drama, Sheets);

        string[] sheet = ["char_c001", "char_view_c001_side", "char_view_c001_full_body"];
        Assert.Equal(sheet, graph.Find("char_asset_c001_a1")!.DependsOn);
        Assert.Equal(ClipModes.Reference, graph.Find("char_asset_c001_a1")!.ClipMode);
        Assert.Equal(sheet, graph.Find("char_asset_c001_a2")!.DependsOn);
        Assert.Equal(["char_c001"], graph.Find("char_asset_c001_a3")!.DependsOn);
        Assert.Equal(2, graph.Find("char_asset_c001_a1")!.Level);

        audition.Mode = ClipModes.FirstLast;
        Assert.Equal("char_asset_c001_a1 is a first_last clip, but only a scene has an end frame to reach",
            Assert.Single(DramaGraph.FindProblems(drama, Sheets)));
    }

    [Fact]
    public void An_end_frame_takes_the_storyboard_and_the_sheet_and_a_first_last_clip_both_frames()
    {
        var drama = Chain();
        drama.Episodes[0].Scenes[0].Assets[0].Mode = ClipModes.FirstLast;
        var graph = DramaGraph.Build(drama, Sheets);

        var end = graph.Find("scene_end_e1_s1")!;
        Assert.Equal((NodeKind.EndFrame, Capability.Image, 3), (end.Kind, end.Capability, end.Level));
        Assert.Equal(["scene_e1_s1", "char_c001", "char_view_c001_side", "char_view_c001_full_body"], end.DependsOn);
        var clip = graph.Find("scene_asset_e1_s1_a1")!;
        Assert.Equal(["scene_e1_s1", "scene_end_e1_s1"], clip.DependsOn);
        Assert.Equal((graph.Find("scene_e1_s1")!.Index, end.Index, 4), (clip.FirstFrameIndex!.Value, clip.LastFrameIndex!.Value, clip.Level));
    }

    [Fact]
    public void A_reference_clip_depends_on_its_characters_sheet_and_a_text_clip_on_its_storyboard_alone()
    {
        var drama = Chain();
        drama.Episodes[0].Scenes[0].Assets[0].Mode = ClipModes.Reference;
        drama.Episodes[0].Scenes[1].Assets[0].Mode = ClipModes.Text;
        var graph = DramaGraph.Build(drama, Sheets);

        Assert.Equal(["scene_e1_s1", "char_c001", "char_view_c001_side", "char_view_c001_full_body"],
            graph.Find("scene_asset_e1_s1_a1")!.DependsOn);
        Assert.Equal(["scene_e1_s2"], graph.Find("scene_asset_e1_s2_a1")!.DependsOn);
        Assert.Equal(ClipModes.Text, graph.Find("scene_asset_e1_s2_a1")!.ClipMode);
    }

    [Fact]
    public void Previous_end_chains_three_scenes_through_their_end_frames()
    {
        var drama = Chain();
        drama.Episodes[0].Scenes[1].StartFrom = SceneStarts.PreviousEnd;
        drama.Episodes[0].Scenes[2].StartFrom = SceneStarts.PreviousEnd;
        // s2's end frame continues from s2's clip, which starts from s1's end: the chain runs through every scene.
        drama.Episodes[0].Scenes[1].EndFrame!.DependsOn = ["scene_asset_e1_s2_a1"];
        drama.Episodes[0].Scenes[2].EndFrame!.DependsOn = ["scene_asset_e1_s3_a1"];
        var graph = DramaGraph.Build(drama, Sheets);

        Assert.Equal(["scene_e1_s2", "scene_end_e1_s1"], graph.Find("scene_asset_e1_s2_a1")!.DependsOn);
        Assert.Equal(["scene_e1_s3", "scene_end_e1_s2"], graph.Find("scene_asset_e1_s3_a1")!.DependsOn);
        Assert.Equal(graph.Find("scene_end_e1_s1")!.Index, graph.Find("scene_asset_e1_s2_a1")!.FirstFrameIndex);
        var levels = new[] { "scene_end_e1_s1", "scene_asset_e1_s2_a1", "scene_end_e1_s2", "scene_asset_e1_s3_a1", "scene_end_e1_s3" }
            .Select(id => graph.Find(id)!.Level);
        Assert.Equal([3, 4, 5, 6, 7], levels);
        Assert.Equal(8, graph.LevelCount);
    }

    [Fact]
    public void A_cycle_through_keyframes_is_refused_naming_the_cycle()
    {
        var drama = Chain();
        drama.Episodes[0].Scenes[1].StartFrom = SceneStarts.PreviousEnd;
        // s1 ends where s2's clip goes, and s2's clip starts where s1 ends.
        drama.Episodes[0].Scenes[0].EndFrame!.DependsOn = ["scene_asset_e1_s2_a1"];

        var problem = Assert.Single(DramaGraph.FindProblems(drama, Sheets));

        Assert.StartsWith("dependency cycle: ", problem);
        var cycle = problem["dependency cycle: ".Length..problem.IndexOf(" (", StringComparison.Ordinal)].Split(" -> ");
        Assert.Equal(cycle[0], cycle[^1]);
        Assert.Equal(["scene_asset_e1_s2_a1", "scene_end_e1_s1"], cycle.Skip(1).Order(StringComparer.Ordinal));
        Assert.Throws<DramaGraphException>(() => DramaGraph.Build(drama, Sheets));
    }

    [Fact]
    public void A_transition_frame_bridges_to_the_next_scene_and_the_last_scene_cannot_ask_for_one()
    {
        var drama = Chain();
        drama.Episodes[0].Scenes[0].TransitionFrame = new TransitionFrame();
        var graph = DramaGraph.Build(drama, new PlanningOptions([]));

        var transition = graph.Find("scene_trans_e1_s1")!;
        Assert.Equal((NodeKind.TransitionFrame, Capability.Image), (transition.Kind, transition.Capability));
        Assert.Equal(["scene_end_e1_s1", "scene_e1_s2", "char_c001"], transition.DependsOn);
        Assert.Equal(3, transition.Level);

        drama.Episodes[0].Scenes[2].TransitionFrame = new TransitionFrame();
        Assert.Contains("no scene follows it", Assert.Single(DramaGraph.FindProblems(drama, Sheets)));
    }

    [Fact]
    public void First_last_without_an_end_frame_and_previous_end_on_the_first_scene_are_named_problems()
    {
        var drama = Chain();
        drama.Episodes[0].Scenes[1].EndFrame = null;
        drama.Episodes[0].Scenes[1].Assets[0].Mode = ClipModes.FirstLast;
        drama.Episodes[0].Scenes[0].StartFrom = SceneStarts.PreviousEnd;

        var problems = DramaGraph.FindProblems(drama, Sheets);

        Assert.Contains(problems, problem => problem.Contains("scene_asset_e1_s2_a1 is a first_last clip") && problem.Contains("no endFrame"));
        Assert.Contains(problems, problem => problem.Contains("'e1/s1' starts from the previous scene's end frame") && problem.Contains("no scene comes before it"));
    }
}
