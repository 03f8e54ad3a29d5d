using DramaGen.Dramas;
using DramaGen.Jobs;
using Microsoft.Extensions.Time.Testing;

namespace DramaGen.Tests.Generation.State;

public sealed class ContinuityDirtyMarkingTests
{
    [Fact]
    public async Task A_new_portrait_regenerates_exactly_the_views_storyboards_keyframes_and_clips_that_use_it()
    {
        await using var host = await EngineHost.StartAsync(new FakeTimeProvider(),
            new Dictionary<string, string?> { ["CHARACTER_VIEWS"] = "side,full_body" });
        var clip = (string mode) => { var asset = TestDramas.Asset("a1", "video", "clip"); asset.Mode = mode; return asset; };
        // s1 (c001) ends on a frame its first_last clip reaches; s2 (c002 only) starts from it; s3 (c002) is
        // untouched by c001 but bridges to s4 (c001) with a transition frame; s4's clip takes the sheets as references.
        var s1 = TestDramas.Scene("s1", ["c001"], clip(ClipModes.FirstLast));
        s1.EndFrame = new EndFrame { Prompt = "[scene_end_e1_s1] the door closes" };
        var s2 = TestDramas.Scene("s2", ["c002"], clip(ClipModes.FirstFrame));
        s2.StartFrom = SceneStarts.PreviousEnd;
        var s3 = TestDramas.Scene("s3", ["c002"], clip(ClipModes.Reference));
        s3.TransitionFrame = new TransitionFrame { Prompt = "[scene_trans_e1_s3] the tide comes in" };
        var s4 = TestDramas.Scene("s4", ["c001"], clip(ClipModes.Reference));
        var drama = await host.CreateAsync(TestDramas.Marked(new Drama
        {
            Id = "drama_sheets", Characters = [TestDramas.Character("c001"), TestDramas.Character("c002")],
            Episodes = [TestDramas.Episode("e1", s1, s2, s3, s4)],
        }));
        Assert.Equal(JobStatus.Completed, (await host.GenerateAsync(drama.Id!)).Status);
        host.ResetCalls();

        await host.Dramas.UpdateAsync(drama.Id!, d => d.Characters[0].Description += " Now with a scar.");
        var plan = (await host.Plans.ReadAsync(drama.Id!))!;
        var parent = await host.GenerateAsync(drama.Id!);

        string[] usesThePortrait =
        [
            "char_c001", "char_view_c001_full_body", "char_view_c001_side", "scene_asset_e1_s1_a1", "scene_asset_e1_s2_a1",
            "scene_asset_e1_s4_a1", "scene_e1_s1", "scene_e1_s4", "scene_end_e1_s1", "scene_trans_e1_s3",
        ];
        Assert.Equal(usesThePortrait, plan.Nodes.Where(node => node.Dirty).Select(node => node.Id).Order(StringComparer.Ordinal));
        Assert.Equal(JobStatus.Completed, parent.Status);
        Assert.Equal(usesThePortrait, host.Calls.Select(call => call.Node).Order(StringComparer.Ordinal));
    }
}
