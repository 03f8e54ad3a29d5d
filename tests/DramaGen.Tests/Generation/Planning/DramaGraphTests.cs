using DramaGen.Dramas;
using DramaGen.Generation.Planning;

namespace DramaGen.Tests.Generation.Planning;

public sealed class DramaGraphTests
{
    [Fact]
    public void Seed_example_is_reproduced_node_for_node_and_level_for_level()
    {
        var graph = DramaGraph.Build(TestDramas.SeedExample());

        // seeds/000, "Example DAG Structure", with contract.md's 0-based levels.
        var expected = new (string Id, int Level, string[] DependsOn)[]
        {
            ("char_c001", 0, []),
            ("char_asset_c001_a001", 1, ["char_c001"]),
            ("char_asset_c001_a002", 1, ["char_c001"]),
            ("char_c002", 0, []),
            ("char_asset_c002_a001", 1, ["char_c002"]),
            ("ep_e001", 0, []),
            ("scene_e001_s001", 1, ["ep_e001"]),
            ("scene_asset_e001_s001_a001", 2, ["scene_e001_s001"]),
            ("scene_asset_e001_s001_a002", 2, ["scene_e001_s001", "char_c001"]),
            ("scene_e001_s002", 1, ["ep_e001"]),
            ("scene_asset_e001_s002_a001", 2, ["scene_e001_s002"]),
            ("ep_e002", 0, []),
            ("scene_e002_s001", 1, ["ep_e002"]),
            ("scene_asset_e002_s001_a001", 2, ["scene_e002_s001", "char_c002"]),
        };
        Assert.Equal(expected.Select(node => node.Id), graph.Nodes.Select(node => node.Id));
        foreach (var (id, level, dependsOn) in expected)
        {
            var node = graph.Find(id)!;
            Assert.Equal((id, level), (node.Id, node.Level));
            Assert.Equal(dependsOn, node.DependsOn);
        }
        Assert.Equal(3, graph.LevelCount);
        Assert.Empty(DramaGraph.FindProblems(TestDramas.SeedExample()));
    }

    [Fact]
    public void Kinds_and_capabilities_follow_what_each_node_makes()
    {
        var graph = DramaGraph.Build(TestDramas.SeedExample());

        Assert.Equal((NodeKind.Portrait, Capability.Image), Shape(graph, "char_c001"));
        Assert.Equal((NodeKind.CharacterAsset, Capability.Video), Shape(graph, "char_asset_c001_a001"));
        Assert.Equal((NodeKind.CharacterAsset, Capability.Image), Shape(graph, "char_asset_c001_a002"));
        Assert.Equal((NodeKind.Episode, Capability.None), Shape(graph, "ep_e001"));
        Assert.Equal((NodeKind.Storyboard, Capability.Image), Shape(graph, "scene_e001_s001"));
        Assert.Equal((NodeKind.SceneAsset, Capability.Video), Shape(graph, "scene_asset_e001_s001_a001"));
    }

    [Fact]
    public void A_storyboard_depends_on_the_portraits_of_its_characters_and_levels_are_longest_paths()
    {
        var drama = TestDramas.SeedExample();
        drama.Episodes[0].Scenes[0].Characters = ["c002", "c001"];
        // An asset that depends on a sibling asset sits one level below it.
        drama.Episodes[0].Scenes[0].Assets[1].DependsOn = ["a001"];
        var graph = DramaGraph.Build(drama);

        Assert.Equal(["ep_e001", "char_c002", "char_c001"], graph.Find("scene_e001_s001")!.DependsOn);
        Assert.Equal(["scene_e001_s001", "scene_asset_e001_s001_a001"], graph.Find("scene_asset_e001_s001_a002")!.DependsOn);
        Assert.Equal(3, graph.Find("scene_asset_e001_s001_a002")!.Level);
    }

    [Fact]
    public void DependsOn_resolves_a_character_id_a_sibling_asset_id_or_a_full_node_id()
    {
        var drama = TestDramas.SeedExample();
        drama.Episodes[1].Scenes[0].Assets[0].DependsOn = ["c001", "char_asset_c002_a001", "scene_asset_e001_s002_a001"];
        drama.Characters[0].Assets[1].DependsOn = ["a001"];
        var graph = DramaGraph.Build(drama);

        Assert.Equal(["scene_e002_s001", "char_c001", "char_asset_c002_a001", "scene_asset_e001_s002_a001"],
            graph.Find("scene_asset_e002_s001_a001")!.DependsOn);
        Assert.Equal(["char_c001", "char_asset_c001_a001"], graph.Find("char_asset_c001_a002")!.DependsOn);
        Assert.Equal(3, graph.Find("scene_asset_e002_s001_a001")!.Level);
    }

    [Fact]
    public void A_cycle_is_reported_naming_every_node_on_it()
    {
        var drama = TestDramas.SeedExample();
        drama.Episodes[0].Scenes[0].Assets[0].DependsOn = ["a002"];
        drama.Episodes[0].Scenes[0].Assets[1].DependsOn = ["a001"];

        var problems = DramaGraph.FindProblems(drama);

        var chain = CycleOf(Assert.Single(problems));
        Assert.Equal(chain[0], chain[^1]);
        Assert.Equal(["scene_asset_e001_s001_a001", "scene_asset_e001_s001_a002"], chain.Skip(1).Order());
        var thrown = Assert.Throws<DramaGraphException>(() => DramaGraph.Build(drama));
        Assert.Equal(problems, thrown.Problems);
    }

    [Fact]
    public void A_longer_cycle_through_several_owners_is_found()
    {
        var drama = TestDramas.SeedExample();
        drama.Characters[0].Assets[0].DependsOn = ["scene_asset_e002_s001_a001"];
        drama.Episodes[1].Scenes[0].Assets[0].DependsOn = ["char_asset_c002_a001"];
        drama.Characters[1].Assets[0].DependsOn = ["char_asset_c001_a001"];

        var chain = CycleOf(Assert.Single(DramaGraph.FindProblems(drama)));

        Assert.Equal(chain[0], chain[^1]);
        Assert.Equal(["char_asset_c001_a001", "char_asset_c002_a001", "scene_asset_e002_s001_a001"], chain.Skip(1).Order());
    }

    [Fact]
    public void An_asset_depending_on_itself_is_a_cycle()
    {
        var drama = TestDramas.SeedExample();
        drama.Characters[1].Assets[0].DependsOn = ["a001"];

        Assert.Contains("char_asset_c002_a001 -> char_asset_c002_a001", Assert.Single(DramaGraph.FindProblems(drama)));
    }

    [Fact]
    public void Dangling_references_are_reported_one_by_one()
    {
        var drama = TestDramas.SeedExample();
        drama.Episodes[0].Scenes[1].Assets[0].DependsOn = ["c999", "a404"];
        drama.Episodes[1].Scenes[0].Characters = ["c777"];

        var problems = DramaGraph.FindProblems(drama);

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, problem => problem.Contains("scene_asset_e001_s002_a001") && problem.Contains("'c999'"));
        Assert.Contains(problems, problem => problem.Contains("scene_asset_e001_s002_a001") && problem.Contains("'a404'"));
        Assert.Contains(problems, problem => problem.Contains("e002/s001") && problem.Contains("'c777'"));
    }

    [Fact]
    public void An_asset_id_of_another_owner_is_not_a_sibling()
    {
        var drama = TestDramas.SeedExample();
        drama.Characters[0].Assets = [TestDramas.Asset("x9", "image", "costume")];
        drama.Episodes[0].Scenes[0].Assets[0].DependsOn = ["x9"];

        Assert.Contains("'x9'", Assert.Single(DramaGraph.FindProblems(drama)));
    }

    [Fact]
    public void Ids_that_collide_into_one_node_id_are_a_problem()
    {
        var drama = new Drama
        {
            Episodes =
            [
                TestDramas.Episode("e1_s1", TestDramas.Scene("x", [])),
                TestDramas.Episode("e1", TestDramas.Scene("s1_x", [])),
            ],
        };

        Assert.Contains("scene_e1_s1_x", Assert.Single(DramaGraph.FindProblems(drama)));
    }

    [Fact]
    public void Audio_assets_are_speech_and_text_assets_need_no_provider()
    {
        var drama = TestDramas.SeedExample();
        drama.Episodes[0].Scenes[1].Assets.Add(TestDramas.Asset("a009", "audio", "music"));
        drama.Episodes[0].Scenes[1].Assets.Add(TestDramas.Asset("a010", "text", "notes"));

        var graph = DramaGraph.Build(drama);
        Assert.Equal(Capability.Speech, graph.Find("scene_asset_e001_s002_a009")!.Capability);
        Assert.Equal(Capability.None, graph.Find("scene_asset_e001_s002_a010")!.Capability);
    }

    [Fact]
    public void Every_line_is_a_speech_node_that_depends_on_nothing()
    {
        var drama = TestDramas.SeedExample();
        var scene = drama.Episodes[0].Scenes[1];
        scene.Lines.Add(new Line { Id = "l001", Speaker = Speakers.Narrator, Text = "Night falls." });
        scene.Lines.Add(new Line { Id = "l002", Speaker = Speakers.Narrator, Text = "The lamp goes out." });

        var graph = DramaGraph.Build(drama);
        var line = graph.Find("line_e001_s002_l002")!;
        Assert.Equal((NodeKind.Line, Capability.Speech, "l002"), (line.Kind, line.Capability, line.LineId));
        Assert.Empty(line.DependsOn);
        Assert.DoesNotContain(graph.Nodes, node => node.DependsOn.Contains(line.Id));
    }

    [Fact]
    public void Topological_order_puts_every_node_after_its_dependencies()
    {
        var graph = DramaGraph.Build(TestDramas.Generated("drama_big", characters: 7, episodes: 5, scenesPerEpisode: 9, clipsPerScene: 2));
        var position = new int[graph.Nodes.Count];
        for (var i = 0; i < graph.TopologicalOrder.Count; i++)
        {
            position[graph.TopologicalOrder[i]] = i;
        }

        Assert.Equal(graph.Nodes.Count, graph.TopologicalOrder.Count);
        Assert.All(graph.Nodes, node => Assert.All(node.DependencyIndexes, dependency => Assert.True(position[dependency] < position[node.Index])));
    }

    /// <summary>"dependency cycle: a -> b -> a (...)" as [a, b, a].</summary>
    private static string[] CycleOf(string problem)
    {
        Assert.StartsWith("dependency cycle: ", problem);
        return problem["dependency cycle: ".Length..problem.IndexOf(" (", StringComparison.Ordinal)].Split(" -> ");
    }

    private static (NodeKind, Capability) Shape(DramaGraph graph, string id) => (graph.Find(id)!.Kind, graph.Find(id)!.Capability);
}
