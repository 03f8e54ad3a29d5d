using DramaGen.Generation.Planning;

namespace DramaGen.Tests.Generation.Planning;

public sealed class ScopeSelectionTests
{
    private static readonly DramaGraph Graph = DramaGraph.Build(TestDramas.SeedExample());

    private static string[] Select(RunScope scope, params string[] upToDate)
    {
        var targets = ScopeTargets.Resolve(Graph, scope)!;
        var fresh = upToDate.ToHashSet();
        return [.. PlanSelection.Select(Graph, targets, targets.Contains, index => !fresh.Contains(Graph[index].Id))
            .Select(index => Graph[index].Id).Order()];
    }

    [Fact]
    public void Episode_takes_its_scenes_and_assets_plus_the_portraits_they_need_and_lack()
    {
        Assert.Equal(
            ["char_c001", "ep_e001", "scene_asset_e001_s001_a001", "scene_asset_e001_s001_a002", "scene_asset_e001_s002_a001",
             "scene_e001_s001", "scene_e001_s002"],
            Select(RunScope.Episode("e001")));
    }

    [Fact]
    public void Episode_leaves_out_portraits_that_are_up_to_date()
    {
        Assert.DoesNotContain("char_c001", Select(RunScope.Episode("e001"), "char_c001"));
    }

    [Fact]
    public void Episode_leaves_out_its_own_up_to_date_nodes()
    {
        Assert.Equal(["scene_asset_e001_s002_a001"],
            Select(RunScope.Episode("e001"), "char_c001", "ep_e001", "scene_e001_s001", "scene_e001_s002",
                "scene_asset_e001_s001_a001", "scene_asset_e001_s001_a002"));
    }

    [Fact]
    public void Character_is_its_portrait_only()
    {
        Assert.Equal(["char_c002"], Select(RunScope.Character("c002")));
    }

    [Fact]
    public void Audition_takes_the_audition_asset_and_the_portrait_when_lacking()
    {
        Assert.Equal(["char_asset_c001_a001", "char_c001"], Select(RunScope.Audition("c001")));
        Assert.Equal(["char_asset_c001_a001"], Select(RunScope.Audition("c001"), "char_c001"));
    }

    [Fact]
    public void Scene_takes_its_storyboard_and_assets_and_what_they_lack()
    {
        Assert.Equal(["char_c002", "ep_e002", "scene_asset_e002_s001_a001", "scene_e002_s001"], Select(RunScope.Scene("e002", "s001")));
        Assert.Equal(["scene_asset_e002_s001_a001", "scene_e002_s001"], Select(RunScope.Scene("e002", "s001"), "char_c002", "ep_e002"));
    }

    [Fact]
    public void Asset_takes_itself_and_every_upstream_node_it_lacks()
    {
        Assert.Equal(["char_c001", "ep_e001", "scene_asset_e001_s001_a002", "scene_e001_s001"],
            Select(RunScope.SceneAsset("e001", "s001", "a002")));
        Assert.Equal(["scene_asset_e001_s001_a002"],
            Select(RunScope.SceneAsset("e001", "s001", "a002"), "char_c001", "ep_e001", "scene_e001_s001"));
    }

    [Fact]
    public void Upstream_walk_goes_through_up_to_date_nodes_to_what_they_lack()
    {
        // The storyboard is fresh but the portrait behind the asset is not (e.g. its file was deleted).
        Assert.Equal(["char_c001", "scene_asset_e001_s001_a002"],
            Select(RunScope.SceneAsset("e001", "s001", "a002"), "ep_e001", "scene_e001_s001"));
    }

    [Fact]
    public void Whole_drama_selects_exactly_the_dirty_nodes()
    {
        Assert.Equal(Graph.Nodes.Count, Select(RunScope.WholeDrama).Length);
        Assert.Equal(["char_asset_c002_a001"], Select(RunScope.WholeDrama,
            [.. Graph.Nodes.Select(node => node.Id).Where(id => id != "char_asset_c002_a001")]));
    }

    [Theory]
    [InlineData("episode")]
    [InlineData("character")]
    [InlineData("scene")]
    [InlineData("asset")]
    public void A_scope_naming_something_absent_resolves_to_nothing(string kind)
    {
        var scope = kind switch
        {
            "episode" => RunScope.Episode("e404"),
            "character" => RunScope.Character("c404"),
            "scene" => RunScope.Scene("e001", "s404"),
            _ => RunScope.SceneAsset("e001", "s001", "a404"),
        };
        Assert.Null(ScopeTargets.Resolve(Graph, scope));
    }

    [Fact]
    public void Scope_survives_its_round_trip_through_job_metadata()
    {
        var scope = RunScope.SceneAsset("e001", "s001", "a002");
        Assert.Equal(scope.ToJson().ToJsonString(), RunScope.FromJson(scope.ToJson()).ToJson().ToJsonString());
        Assert.Equal(["a", "b"], RunScope.FromJson(RunScope.Nodes(["a", "b"]).ToJson()).NodeIds);
    }
}
