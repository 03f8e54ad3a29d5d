using System.Text.Json.Nodes;
using DramaGen.Generation.Planning;
using DramaGen.Generation.Runs;
using DramaGen.Jobs;
using Microsoft.Extensions.Time.Testing;

namespace DramaGen.Tests.Generation.Media;

public sealed class GeneratedMediaTests
{
    [Fact]
    public async Task Every_url_is_written_back_into_the_drama_and_points_at_stored_bytes()
    {
        await using var host = await EngineHost.StartAsync(new FakeTimeProvider());
        var drama = await host.CreateAsync(TestDramas.SeedExample());

        var parent = await host.GenerateAsync(drama.Id!);

        Assert.Equal(JobStatus.Completed, parent.Status);
        var stored = (await host.Dramas.GetAsync(drama.Id!))!.Drama;
        var urls = stored.Characters.Select(c => c.ImageUrl)
            .Concat(stored.Characters.SelectMany(c => c.Assets).Select(a => a.Url))
            .Concat(stored.Episodes.SelectMany(e => e.Scenes).Select(s => s.ImageUrl))
            .Concat(stored.Episodes.SelectMany(e => e.Scenes).SelectMany(s => s.Assets).Select(a => a.Url))
            .ToList();
        Assert.Equal(12, urls.Count);
        Assert.All(urls, url => Assert.StartsWith("/files/10000/drama_123/assets/", url));
        Assert.All(stored.Characters.SelectMany(c => c.Assets).Concat(stored.Episodes.SelectMany(e => e.Scenes).SelectMany(s => s.Assets)),
            asset => Assert.Equal("completed", asset.Status));
        foreach (var url in urls)
        {
            Assert.NotNull(await host.Store.HeadAsync(url!["/files/".Length..]));
        }
    }

    [Fact]
    public async Task Media_land_in_the_asset_library_layout_with_snake_case_metadata()
    {
        await using var host = await EngineHost.StartAsync(new FakeTimeProvider());
        var drama = await host.CreateAsync(TestDramas.SeedExample());

        var parent = await host.GenerateAsync(drama.Id!, request: new GenerateRequest { UserId = "u42", ProjectName = "lantern" });

        var clip = await host.Store.GetAsync("u42/lantern/assets/scene_asset_e001_s001_a001.mp4");
        Assert.NotNull(clip);
        var metadata = JsonNode.Parse((await host.Store.GetAsync("u42/lantern/assets/scene_asset_e001_s001_a001_metadata.json"))!.Content)!;
        var job = host.Children(parent.JobId).Single(child => child.AssetId == "scene_asset_e001_s001_a001");
        Assert.Equal("scene_asset_e001_s001_a001", metadata["asset_id"]!.GetValue<string>());
        Assert.Equal(("u42", "lantern", "video", "clip"), (metadata["user_id"]!.GetValue<string>(), metadata["project_name"]!.GetValue<string>(),
            metadata["asset_type"]!.GetValue<string>(), metadata["tag"]!.GetValue<string>()));
        Assert.Equal(("scene_asset_e001_s001_a001.mp4", "u42/lantern/assets/scene_asset_e001_s001_a001.mp4", "video/mp4"),
            (metadata["filename"]!.GetValue<string>(), metadata["r2_key"]!.GetValue<string>(), metadata["content_type"]!.GetValue<string>()));
        Assert.Equal(clip.Content.Length, metadata["size_bytes"]!.GetValue<long>());
        Assert.Equal(job.R2Url, metadata["public_url"]!.GetValue<string>());
        Assert.Equal((job.JobId, "ai_generation"), (metadata["metadata"]!["job_id"]!.GetValue<string>(), metadata["metadata"]!["source"]!.GetValue<string>()));
        Assert.Contains("[scene_asset_e001_s001_a001]", metadata["metadata"]!["prompt"]!.GetValue<string>());
        var portrait = JsonNode.Parse((await host.Store.GetAsync("u42/lantern/assets/char_c001_metadata.json"))!.Content)!;
        Assert.Equal(("image", "character"), (portrait["asset_type"]!.GetValue<string>(), portrait["tag"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Storyboards_get_their_characters_portraits_clips_their_storyboard_and_auditions_their_portrait()
    {
        await using var host = await EngineHost.StartAsync(new FakeTimeProvider());
        var drama = TestDramas.SeedExample();
        drama.Episodes[0].Scenes[0].Characters = ["c001", "c002"];
        await host.CreateAsync(drama);

        await host.GenerateAsync(drama.Id!);

        var calls = host.Calls.ToDictionary(call => call.Node);
        Assert.Equal((2, "Namec001,Namec002"), (calls["scene_e001_s001"].ReferenceCount, calls["scene_e001_s001"].FirstFrameLabel));
        Assert.Equal(0, calls["scene_e001_s002"].ReferenceCount);
        var state = await host.States.ReadAsync(drama.Id!);
        async Task<byte[]> OutputOf(string node) => (await host.Store.GetAsync(state.Get(node)!.OutputKey!))!.Content;
        Assert.Equal(await OutputOf("scene_e001_s001"), host.Video.FirstFrames["scene_asset_e001_s001_a001"]);
        Assert.Equal(await OutputOf("scene_e001_s001"), host.Video.FirstFrames["scene_asset_e001_s001_a002"]);
        Assert.Equal(await OutputOf("char_c001"), host.Video.FirstFrames["char_asset_c001_a001"]);
        // An image asset of a character is made with its portrait as reference.
        Assert.Equal(1, calls["char_asset_c001_a002"].ReferenceCount);
    }

    [Fact]
    public async Task A_video_that_names_an_image_asset_starts_from_it()
    {
        await using var host = await EngineHost.StartAsync(new FakeTimeProvider());
        var drama = TestDramas.SeedExample();
        var keyframeAsset = TestDramas.Asset("a002", "image", "keyframe");
        keyframeAsset.Prompt = "[scene_asset_e001_s002_a002] keyframe";
        drama.Episodes[0].Scenes[1].Assets.Add(keyframeAsset);
        drama.Episodes[0].Scenes[1].Assets[0].DependsOn = ["a002"];
        await host.CreateAsync(drama);

        await host.GenerateAsync(drama.Id!);

        var state = await host.States.ReadAsync(drama.Id!);
        var keyframe = (await host.Store.GetAsync(state.Get("scene_asset_e001_s002_a002")!.OutputKey!))!.Content;
        Assert.Equal(keyframe, host.Video.FirstFrames["scene_asset_e001_s002_a001"]);
    }

    [Fact]
    public async Task A_user_edit_made_during_a_run_survives_the_write_back()
    {
        await using var host = await EngineHost.StartAsync(new FakeTimeProvider());
        host.Video.Instrument.Latency = _ => TimeSpan.FromSeconds(5);
        var drama = await host.CreateAsync(TestDramas.SeedExample());
        var edits = 0;
        host.Video.Instrument.OnCall = async node =>
        {
            if (Interlocked.Increment(ref edits) == 1)
            {
                await host.Dramas.UpdateAsync(drama.Id!, d => d.Title = "Edited while generating");
            }
        };

        await host.GenerateAsync(drama.Id!);

        var stored = (await host.Dramas.GetAsync(drama.Id!))!.Drama;
        Assert.True(edits > 1);
        Assert.Equal("Edited while generating", stored.Title);
        Assert.NotNull(stored.Episodes[1].Scenes[0].Assets[0].Url);
    }
}
