using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using DramaGen.Dramas;
using DramaGen.Providers;
using DramaGen.Tests.Dramas;
using DramaGen.Tests.Generation.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace DramaGen.Tests.Generation;

public sealed class GenerationEndpointsTests
{
    private static DramaGenApplication App(out FakeImageProvider image, out FakeVideoProvider video)
    {
        var sequence = new CallSequence();
        var fakeImage = image = new FakeImageProvider(TimeProvider.System, sequence);
        var fakeVideo = video = new FakeVideoProvider(TimeProvider.System, sequence);
        return new DramaGenApplication(services: services =>
        {
            services.AddSingleton<IImageProvider>(fakeImage);
            services.AddSingleton<IVideoProvider>(fakeVideo);
        });
    }

    private static async Task<string> CreateDramaAsync(HttpClient client, string id = "drama_routes")
    {
        var created = await client.PostAsJsonAsync("/dramas", SampleDramas.Document(id));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return id;
    }

    [Fact]
    public async Task Generate_answers_202_with_the_job_and_the_run_fills_every_url()
    {
        await using var app = App(out var image, out var video);
        var client = app.CreateClient();
        var dramaId = await CreateDramaAsync(client);

        var response = await client.PostAsync($"/dramas/{dramaId}/generate", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((dramaId, "pending"), (body["dramaId"]!.GetValue<string>(), body["status"]!.GetValue<string>()));
        Assert.Equal($"/dramas/{dramaId}/jobs/{body["jobId"]}", response.Headers.Location!.OriginalString);
        Assert.Contains("Poll GET", body["message"]!.GetValue<string>());
        var job = await client.WaitForJobAsync(response.Headers.Location);
        Assert.Equal("completed", job["status"]!.GetValue<string>());
        Assert.Equal("dag", job["job_type"]!.GetValue<string>());
        // Sample: 2 portraits, 1 audition, 1 episode, 2 storyboards, 2 clips.
        Assert.Equal((8, 8, 0), (job["total_jobs"]!.GetValue<int>(), job["completed_jobs"]!.GetValue<int>(), job["failed_jobs"]!.GetValue<int>()));
        Assert.Equal(8, job["jobs"]!.AsArray().Count);
        Assert.Equal((4, 3), (image.Instrument.Calls.Count, video.Instrument.Calls.Count));

        var drama = (await client.GetFromJsonAsync<Drama>($"/dramas/{dramaId}"))!;
        var urls = drama.Characters.Select(c => c.ImageUrl).Concat(drama.Characters.SelectMany(c => c.Assets).Select(a => a.Url))
            .Concat(drama.Episodes[0].Scenes.Select(s => s.ImageUrl)).Concat(drama.Episodes[0].Scenes.SelectMany(s => s.Assets).Select(a => a.Url))
            .ToList();
        Assert.Equal(7, urls.Count);
        foreach (var url in urls)
        {
            var file = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.NotEmpty(await file.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task Plan_shows_every_node_and_what_a_generate_would_run()
    {
        await using var app = App(out _, out _);
        var client = app.CreateClient();
        var dramaId = await CreateDramaAsync(client);

        var before = (await client.GetFromJsonAsync<JsonObject>($"/dramas/{dramaId}/plan"))!;
        var run = await client.PostAsync($"/dramas/{dramaId}/generate", null);
        await client.WaitForJobAsync(run.Headers.Location!);
        var after = (await client.GetFromJsonAsync<JsonObject>($"/dramas/{dramaId}/plan"))!;

        var nodes = before["nodes"]!.AsArray();
        Assert.Equal(8, nodes.Count);
        var clip = nodes.Single(node => node!["id"]!.GetValue<string>() == "scene_asset_e001_s001_a001")!;
        Assert.Equal(("scene_asset", "fake-video", 2, true), (clip["kind"]!.GetValue<string>(), clip["provider"]!.GetValue<string>(),
            clip["level"]!.GetValue<int>(), clip["dirty"]!.GetValue<bool>()));
        Assert.Equal(["scene_e001_s001", "char_c001"], clip["dependsOn"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Equal((8, 8), (before["totals"]!["dirty"]!.GetValue<int>(), before["totals"]!["nodes"]!.GetValue<int>()));
        Assert.Equal(0, after["totals"]!["dirty"]!.GetValue<int>());
        Assert.All(after["nodes"]!.AsArray(), node => Assert.Equal("up to date", node!["reason"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("/dramas/drama_routes/generate", "{\"force\": tru")]
    [InlineData("/dramas/drama_routes/generate", "[1, 2]")]
    [InlineData("/dramas/drama_routes/generate", "{\"force\": \"yes\"}")]
    [InlineData("/dramas/drama_routes/generate", "{\"user_id\": \"../etc\"}")]
    [InlineData("/dramas/drama_routes/episodes/e..1/generate", "")]
    [InlineData("/dramas/drama$x/generate", "")]
    [InlineData("/dramas/drama_routes/episodes/e001/scenes/s001/assets/a%2F1/generate", "")]
    public async Task Bad_input_is_a_400_problem(string url, string body)
    {
        await using var app = App(out _, out _);
        var client = app.CreateClient();
        await CreateDramaAsync(client);

        var response = await client.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("/dramas/drama_none/generate")]
    [InlineData("/dramas/drama_routes/episodes/e404/generate")]
    [InlineData("/dramas/drama_routes/characters/c404/generate")]
    [InlineData("/dramas/drama_routes/characters/c404/audition")]
    [InlineData("/dramas/drama_routes/episodes/e001/scenes/s404/generate")]
    [InlineData("/dramas/drama_routes/episodes/e001/scenes/s001/assets/a404/generate")]
    [InlineData("/dramas/drama_routes/resume")]
    public async Task Unknown_parts_are_a_404_problem(string url)
    {
        await using var app = App(out _, out _);
        var client = app.CreateClient();
        await CreateDramaAsync(client);

        var response = await client.PostAsync(url, null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_drama_with_a_cycle_is_a_422_naming_it()
    {
        await using var app = App(out _, out _);
        var client = app.CreateClient();
        var drama = TestDramas.SeedExample();
        drama.Id = "drama_cycle";
        drama.Episodes[0].Scenes[0].Assets[0].DependsOn = ["a002"];
        drama.Episodes[0].Scenes[0].Assets[1].DependsOn = ["a001"];
        // Stored directly: the drama routes would refuse it, but older documents may hold one.
        await app.Services.GetRequiredService<DramaRepository>().CreateAsync(drama);

        var generate = await client.PostAsync("/dramas/drama_cycle/generate", null);
        var plan = await client.GetAsync("/dramas/drama_cycle/plan");

        foreach (var response in new[] { generate, plan })
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Contains("scene_asset_e001_s001_a001", problem["detail"]!.GetValue<string>());
            Assert.Contains("cycle", problem["errors"]!["dependsOn"]![0]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Partial_routes_run_only_their_part()
    {
        await using var app = App(out var image, out var video);
        var client = app.CreateClient();
        var dramaId = await CreateDramaAsync(client);

        var portrait = await client.PostAsync($"/dramas/{dramaId}/characters/c002/generate", null);
        await client.WaitForJobAsync(portrait.Headers.Location!);
        var scene = await client.PostAsJsonAsync($"/dramas/{dramaId}/episodes/e001/scenes/s002/generate", new { force = false });
        var job = await client.WaitForJobAsync(scene.Headers.Location!);

        var nodes = image.Instrument.CalledNodes.Concat(video.Instrument.CalledNodes).Select(ProviderInstrument.NodeOf).ToList();
        // c002's portrait first; then the scene needs c001's portrait (lacking) but not c002's again.
        Assert.Equal(4, nodes.Count);
        Assert.Equal(["completed"], job["jobs"]!.AsArray().Select(child => child!["status"]!.GetValue<string>()).Distinct());
        Assert.Equal(["char_c001", "ep_e001", "scene_asset_e001_s002_a001", "scene_e001_s002"],
            job["jobs"]!.AsArray().Select(child => child!["asset_id"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task Audition_adds_an_audition_asset_when_the_character_has_none_and_makes_it_from_the_portrait()
    {
        await using var app = App(out _, out var video);
        var client = app.CreateClient();
        var dramaId = await CreateDramaAsync(client);

        var response = await client.PostAsync($"/dramas/{dramaId}/characters/c002/audition", null);
        var job = await client.WaitForJobAsync(response.Headers.Location!);

        Assert.Equal("completed", job["status"]!.GetValue<string>());
        var drama = (await client.GetFromJsonAsync<Drama>($"/dramas/{dramaId}"))!;
        var audition = Assert.Single(drama.Characters[1].Assets);
        Assert.Equal(("audition", "video", "completed"), (audition.Tag, audition.Type, audition.Status));
        Assert.NotNull(audition.Url);
        Assert.NotNull(drama.Characters[1].ImageUrl);
        var portrait = await client.GetByteArrayAsync(drama.Characters[1].ImageUrl);
        Assert.Equal(portrait, Assert.Single(video.FirstFrames).Value);
    }

    [Fact]
    public async Task Resume_after_a_failure_runs_the_failed_part_again()
    {
        await using var app = App(out var image, out _);
        var client = app.CreateClient();
        var dramaId = await CreateDramaAsync(client);
        image.Instrument.FailIf = prompt => prompt.StartsWith("Character portrait of Tobias") ? "quota exceeded" : null;

        var first = await client.WaitForJobAsync((await client.PostAsync($"/dramas/{dramaId}/generate", null)).Headers.Location!);
        image.Instrument.FailIf = null;
        var resume = await client.PostAsync($"/dramas/{dramaId}/resume", null);
        var second = await client.WaitForJobAsync(resume.Headers.Location!);

        Assert.Equal("failed", first["status"]!.GetValue<string>());
        Assert.Contains("quota exceeded", first["error"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Accepted, resume.StatusCode);
        Assert.Equal("completed", second["status"]!.GetValue<string>());
        Assert.Equal(1, second["total_jobs"]!.GetValue<int>());
    }

    [Fact]
    public async Task Deleting_a_drama_stops_its_run_and_leaves_no_state_behind()
    {
        await using var app = App(out _, out var video);
        var client = app.CreateClient();
        var dramaId = await CreateDramaAsync(client);
        video.Instrument.Latency = _ => TimeSpan.FromMinutes(5);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        video.Instrument.OnCall = _ => { started.TrySetResult(); return Task.CompletedTask; };
        var run = await client.PostAsync($"/dramas/{dramaId}/generate", null);
        await started.Task.WithinPatience();

        var deleted = await client.DeleteAsync($"/dramas/{dramaId}").WithinPatience();

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(0, video.Instrument.InFlight);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(run.Headers.Location)).StatusCode);
        Assert.False(File.Exists(Path.Combine(app.StorageDir, "dramas", dramaId, "state.json")));
        Assert.False(Directory.Exists(Path.Combine(app.StorageDir, "10000", dramaId)) &&
            Directory.EnumerateFiles(Path.Combine(app.StorageDir, "10000", dramaId), "*", SearchOption.AllDirectories).Any());
    }
}
