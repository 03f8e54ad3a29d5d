using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DramaGen.Generation.Runs;
using DramaGen.Tests.Dramas;
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
}
