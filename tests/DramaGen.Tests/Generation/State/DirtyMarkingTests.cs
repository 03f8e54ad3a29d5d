using DramaGen.Dramas;
using DramaGen.Generation.Planning;
using DramaGen.Generation.Runs;
using DramaGen.Jobs;
using Microsoft.Extensions.Time.Testing;

namespace DramaGen.Tests.Generation.State;

public sealed class DirtyMarkingTests
{
    private static async Task<(EngineHost Host, Drama Drama)> GeneratedOnceAsync(string? root = null)
    {
        var host = await EngineHost.StartAsync(new FakeTimeProvider(), root: root);
        var drama = await host.CreateAsync(TestDramas.Generated("drama_dirty", characters: 3, episodes: 2, scenesPerEpisode: 2));
        var first = await host.GenerateAsync(drama.Id!);
        Assert.Equal(JobStatus.Completed, first.Status);
        Assert.Equal(DramaGraph.Build(drama).Nodes.Count(node => node.Capability != Capability.None), host.Calls.Count);
        host.ResetCalls();
        return (host, drama);
    }

    [Fact]
    public async Task A_second_generate_without_changes_calls_no_provider()
    {
        var (host, drama) = await GeneratedOnceAsync();
        await using var _ = host;

        var second = await host.GenerateAsync(drama.Id!);

        Assert.Empty(host.Calls);
        Assert.Equal(JobStatus.Completed, second.Status);
        Assert.Equal(0, host.Jobs.CountChildren(second.JobId).Total);
        Assert.Equal(DramaGraph.Build(drama).Nodes.Count, second.Metadata["up_to_date_nodes"]!.GetValue<int>());
        var plan = (await host.Plans.ReadAsync(drama.Id!))!;
        Assert.All(plan.Nodes, node => Assert.Equal((false, "up to date"), (node.Dirty, node.Reason)));
    }

    [Fact]
    public async Task Editing_one_scene_regenerates_exactly_that_scenes_subtree()
    {
        var (host, drama) = await GeneratedOnceAsync();
        await using var _ = host;
        await host.Dramas.UpdateAsync(drama.Id!, d => d.Episodes[1].Scenes[0].Description += " Now it rains.");

        var plan = (await host.Plans.ReadAsync(drama.Id!))!;
        await host.GenerateAsync(drama.Id!);

        string[] subtree = ["scene_asset_e002_s001_a001", "scene_e002_s001"];
        Assert.Equal(subtree, host.Calls.Select(call => call.Node).Order());
        Assert.Equal(subtree, plan.Nodes.Where(node => node.Dirty).Select(node => node.Id).Order());
        Assert.StartsWith("inputs changed", plan.Nodes.Single(node => node.Id == "scene_e002_s001").Reason);
        Assert.Contains("scene_e002_s001", plan.Nodes.Single(node => node.Id == "scene_asset_e002_s001_a001").Reason);
    }

    [Fact]
    public async Task Editing_one_asset_prompt_regenerates_only_that_asset()
    {
        var (host, drama) = await GeneratedOnceAsync();
        await using var _ = host;
        await host.Dramas.UpdateAsync(drama.Id!, d => d.Characters[2].Assets[0].Prompt += " Smiling.");

        await host.GenerateAsync(drama.Id!);

        Assert.Equal(["char_asset_c003_a001"], host.Calls.Select(call => call.Node));
    }

    [Fact]
    public async Task Changing_the_style_regenerates_every_node()
    {
        var (host, drama) = await GeneratedOnceAsync();
        await using var _ = host;
        await host.Dramas.UpdateAsync(drama.Id!, d => d.Style = "watercolour");

        await host.GenerateAsync(drama.Id!);

        Assert.Equal(DramaGraph.Build(drama).Nodes.Count(node => node.Capability != Capability.None), host.Calls.Count);
    }

    [Fact]
    public async Task A_new_model_regenerates_its_nodes_and_dependents_whose_inputs_then_really_change()
    {
        var (host, drama) = await GeneratedOnceAsync();
        await using var _ = host;
        host.Image.Model = "fake-image-2";

        var parent = await host.GenerateAsync(drama.Id!);

        // The fake's bytes do not depend on the model: the new portraits and storyboards equal the old ones,
        // so the clips and auditions find their inputs unchanged when their turn comes and are not paid for.
        var graph = DramaGraph.Build(drama);
        Assert.Equal(graph.Nodes.Where(node => node.Capability == Capability.Image).Select(node => node.Id).Order(),
            host.Calls.Select(call => call.Node).Order());
        Assert.All(host.Children(parent.JobId).Where(child => child.JobType == "video"), child =>
        {
            Assert.Equal(JobStatus.Completed, child.Status);
            Assert.True(child.Metadata["up_to_date"]!.GetValue<bool>());
            Assert.StartsWith("up to date", child.Result!["reason"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task A_deleted_output_is_generated_again()
    {
        var (host, drama) = await GeneratedOnceAsync();
        await using var _ = host;
        var key = (await host.States.ReadAsync(drama.Id!)).Get("scene_e001_s002")!.OutputKey!;
        Assert.True(await host.Store.DeleteAsync(key));

        var plan = (await host.Plans.ReadAsync(drama.Id!))!;
        await host.GenerateAsync(drama.Id!);

        Assert.Equal("output missing", plan.Nodes.Single(node => node.Id == "scene_e001_s002").Reason);
        Assert.Equal(["scene_e001_s002"], host.Calls.Select(call => call.Node));
        Assert.NotNull(await host.Store.HeadAsync(key));
    }

    [Fact]
    public async Task Force_regenerates_everything_selected()
    {
        var (host, drama) = await GeneratedOnceAsync();
        await using var _ = host;

        await host.GenerateAsync(drama.Id!, RunScope.Scene("e001", "s001"), new GenerateRequest { Force = true });

        Assert.Equal(["scene_asset_e001_s001_a001", "scene_e001_s001"], host.Calls.Select(call => call.Node).Order());
    }

    [Fact]
    public async Task State_survives_a_restart()
    {
        var root = Directory.CreateTempSubdirectory("dramagen-state-").FullName;
        try
        {
            var (first, drama) = await GeneratedOnceAsync(root);
            await first.DisposeAsync();
            await using var second = await EngineHost.StartAsync(new FakeTimeProvider(), root: root);

            await second.GenerateAsync(drama.Id!);

            Assert.Empty(second.Calls);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
