using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DramaGen.Dramas;
using DramaGen.Generation.Runs;
using DramaGen.Providers;
using DramaGen.Tests.Dramas;
using DramaGen.Tests.Generation.Fakes;
using DramaGen.Tests.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace DramaGen.Tests.Generation;

/// <summary>The routes and bodies of the Python service that the existing frontend (seeds 000-002) calls.</summary>
public sealed class PythonRoutesTests
{
    private static async Task<(DramaGenApplication App, HttpClient Client, string DramaId)> StartAsync(string dramaId = "drama_python")
    {
        var app = new DramaGenApplication();
        var client = app.CreateClient();
        var created = await client.PostAsJsonAsync("/dramas", SampleDramas.Document(dramaId));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (app, client, dramaId);
    }

    private static Task WhenFinishedAsync(DramaGenApplication app, string jobId) =>
        app.Services.GetRequiredService<GenerationRuns>().WhenFinishedAsync(jobId);

    [Fact]
    public async Task Execute_answers_the_python_fields_and_the_camel_case_ones_and_runs_the_whole_drama()
    {
        var (app, client, dramaId) = await StartAsync();
        await using var _ = app;

        var response = await client.PostAsJsonAsync($"/dramas/{dramaId}/execute",
            new { user_id = "u42", project_name = "my_drama", resume = false });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var jobId = body["parent_job_id"]!.GetValue<string>();
        Assert.Equal(jobId, body["dag_id"]!.GetValue<string>());
        Assert.Equal(jobId, body["jobId"]!.GetValue<string>());
        Assert.Equal((dramaId, dramaId), (body["drama_id"]!.GetValue<string>(), body["dramaId"]!.GetValue<string>()));
        Assert.Equal("pending", body["status"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(body["message"]!.GetValue<string>()));

        await WhenFinishedAsync(app, jobId);
        var job = (await client.GetFromJsonAsync<JsonObject>(response.Headers.Location))!;
        Assert.Equal("completed", job["status"]!.GetValue<string>());
        // Sample: 2 portraits, 1 audition, 1 episode, 2 storyboards, 2 clips: the whole drama.
        Assert.Equal((8, 8), (job["total_jobs"]!.GetValue<int>(), job["completed_jobs"]!.GetValue<int>()));
        Assert.Equal(("u42", "my_drama"), (job["metadata"]!["user_id"]!.GetValue<string>(), job["metadata"]!["project_name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Execute_with_resume_true_behaves_like_resume()
    {
        var (app, client, dramaId) = await StartAsync();
        await using var _ = app;
        var first = (await (await client.PostAsJsonAsync($"/dramas/{dramaId}/execute", new { resume = false }))
            .Content.ReadFromJsonAsync<JsonObject>())!["parent_job_id"]!.GetValue<string>();
        await WhenFinishedAsync(app, first);

        var resumed = await client.PostAsJsonAsync($"/dramas/{dramaId}/execute", new { user_id = "10000", project_name = "p", resume = true });

        Assert.Equal(HttpStatusCode.Accepted, resumed.StatusCode);
        var jobId = (await resumed.Content.ReadFromJsonAsync<JsonObject>())!["parent_job_id"]!.GetValue<string>();
        Assert.NotEqual(first, jobId);
        await WhenFinishedAsync(app, jobId);
        var job = (await client.GetFromJsonAsync<JsonObject>($"/dramas/{dramaId}/jobs/{jobId}"))!;
        Assert.Equal(first, job["metadata"]!["resume_of"]!.GetValue<string>());
    }

    [Fact]
    public async Task Execute_with_resume_and_no_earlier_run_is_404_like_resume()
    {
        var (app, client, dramaId) = await StartAsync();
        await using var _ = app;
        var response = await client.PostAsJsonAsync($"/dramas/{dramaId}/execute", new { resume = true });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Critic_is_the_same_as_critique()
    {
        var (app, client, dramaId) = await StartAsync();
        await using var _ = app;

        var response = await client.PostAsync($"/dramas/{dramaId}/critic", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(dramaId, body["dramaId"]!.GetValue<string>());
        Assert.Equal($"/dramas/{dramaId}/jobs/{body["jobId"]}", response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/dramas/drama_missing/critic", null)).StatusCode);
    }

    [Fact]
    public async Task Unknown_fields_in_a_generate_body_are_ignored_as_the_python_service_did()
    {
        var (app, client, dramaId) = await StartAsync();
        await using var _ = app;
        var response = await client.PostAsJsonAsync($"/dramas/{dramaId}/generate", new { force = false, resume = false, extra = new { a = 1 } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private const string AssetRoute = "/dramas/drama_python/episodes/e001/scenes/s001/assets/a001/generate";

    private static async Task<(DramaGenApplication App, HttpClient Client, FakeVideoProvider Video)> GeneratedWithFakesAsync()
    {
        var sequence = new CallSequence();
        var image = new FakeImageProvider(TimeProvider.System, sequence);
        var video = new FakeVideoProvider(TimeProvider.System, sequence);
        var app = new DramaGenApplication(services: services =>
        {
            services.AddSingleton<IImageProvider>(image);
            services.AddSingleton<IVideoProvider>(video);
        });
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/dramas", SampleDramas.Document("drama_python"))).StatusCode);
        var first = await client.PostAsync("/dramas/drama_python/generate", null);
        await WhenFinishedAsync(app, (string)(await first.Content.ReadFromJsonAsync<JsonObject>())!["jobId"]!);
        video.Instrument.Reset();
        return (app, client, video);
    }

    [Fact]
    public async Task Asset_generate_body_replaces_prompt_and_duration_and_sends_own_media_and_library_images_as_references()
    {
        var (app, client, video) = await GeneratedWithFakesAsync();
        await using var _ = app;
        var drama = (await client.GetFromJsonAsync<Drama>("/dramas/drama_python"))!;
        var portraitUrl = drama.Characters[0].ImageUrl!;
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(TestFrames.Png(768, 1344)) { Headers = { ContentType = new("image/png") } }, "file", "frame.png" },
            { new StringContent("image"), "asset_type" }, { new StringContent("drama_python"), "project_name" },
        };
        var uploaded = (await (await client.PostAsync("/asset-library/upload", form)).Content.ReadFromJsonAsync<JsonObject>())!;

        var response = await client.PostAsJsonAsync(AssetRoute, new
        {
            prompt = "The lantern bursts into green light",
            duration = 6,
            reference_images = new[] { (string)uploaded["asset_id"]!, portraitUrl },
            frontend_only_field = "ignored",
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await WhenFinishedAsync(app, (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["jobId"]!);
        var call = Assert.Single(video.Instrument.Calls);
        Assert.Contains("The lantern bursts into green light", call.Prompt);
        // The first reference named is the first frame: the library image, by its store key.
        Assert.Equal((string)uploaded["r2_key"]!, call.FirstFrameLabel);
        var asset = (await client.GetFromJsonAsync<Drama>("/dramas/drama_python"))!.Episodes[0].Scenes[0].Assets[0];
        Assert.Equal(("The lantern bursts into green light", 6), (asset.Prompt, asset.DurationSeconds));
        Assert.Equal(AssetStatuses.Completed, asset.Status);
    }

    [Theory]
    [InlineData("https://elsewhere.example/frame.png")]
    [InlineData("/files/no/such/key.png")]
    [InlineData("asset_does_not_exist")]
    public async Task A_reference_that_is_not_this_services_media_is_422_and_changes_nothing(string reference)
    {
        var (app, client, video) = await GeneratedWithFakesAsync();
        await using var _ = app;

        var response = await client.PostAsJsonAsync(AssetRoute, new { prompt = "changed", reference_images = new[] { reference } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.NotNull(problem["errors"]!["reference_images[0]"]);
        Assert.Equal("The lantern flickers", (await client.GetFromJsonAsync<Drama>("/dramas/drama_python"))!.Episodes[0].Scenes[0].Assets[0].Prompt);
        Assert.Empty(video.Instrument.Calls);
    }

    [Fact]
    public async Task Asset_generate_for_a_missing_asset_is_404()
    {
        var (app, client, _) = await GeneratedWithFakesAsync();
        await using var __ = app;
        var response = await client.PostAsJsonAsync("/dramas/drama_python/episodes/e001/scenes/s001/assets/a999/generate", new { prompt = "x" });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
