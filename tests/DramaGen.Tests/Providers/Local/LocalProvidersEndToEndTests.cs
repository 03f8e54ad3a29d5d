using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DramaGen.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace DramaGen.Tests.Providers.Local;

/// <summary>Premise to drama, improve and critique through the HTTP API, on the local providers (no keys).</summary>
public sealed class LocalProvidersEndToEndTests
{
    private const string Premise = "A lighthouse keeper's daughter finds a lantern that shows the future.";

    [Fact]
    public async Task Posting_a_premise_writes_a_drama_that_can_be_fetched_improved_and_critiqued()
    {
        using var app = new DramaGenApplication();
        var client = app.CreateClient();

        var job = await RunJobAsync(app, client, "/dramas", new { premise = Premise, episodes = 2, scenesPerEpisode = 3 });
        Assert.Equal("completed", job.Status);
        var dramaId = job.DramaId;
        var drama = await client.GetFromJsonAsync<JsonObject>($"/dramas/{dramaId}");

        Assert.Equal(Premise, drama!["premise"]!.GetValue<string>());
        Assert.Equal("9:16", drama["aspectRatio"]!.GetValue<string>());
        var episodes = drama["episodes"]!.AsArray();
        Assert.Equal(2, episodes.Count);
        Assert.All(episodes, e => Assert.Equal(3, e!["scenes"]!.AsArray().Count));
        var characterIds = drama["characters"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()).ToHashSet();
        Assert.All(episodes.SelectMany(e => e!["scenes"]!.AsArray()), s =>
            Assert.Subset(characterIds, s!["characters"]!.AsArray().Select(c => c!.GetValue<string>()).ToHashSet()));

        await RunJobAsync(app, client, $"/dramas/{dramaId}/improve", new { feedback = "Make the storm more menacing" });
        var improved = await client.GetFromJsonAsync<JsonObject>($"/dramas/{dramaId}");
        Assert.Equal(characterIds, improved!["characters"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()).ToHashSet());
        Assert.Contains("Make the storm more menacing", improved["synopsis"]!.GetValue<string>());

        var critique = await RunJobAsync(app, client, $"/dramas/{dramaId}/critique", new { });
        Assert.Equal("completed", critique.Status);
        Assert.InRange(critique.Result!["overall"]!.GetValue<int>(), 1, 10);
    }

    [Fact]
    public async Task A_simulated_text_failure_fails_the_job_with_its_reason()
    {
        using var app = new DramaGenApplication(new Dictionary<string, string?> { ["LOCAL_FAILURE_RATE"] = "1" });

        var job = await RunJobAsync(app, app.CreateClient(), "/dramas", new { premise = Premise });

        Assert.Equal("failed", job.Status);
        Assert.Contains("simulated failure", job.Error);
    }

    /// <summary>Posts, then polls the job the 202 names (in the job store: the job routes are another part's work) until it finishes.</summary>
    private static async Task<JobRecord> RunJobAsync(DramaGenApplication app, HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var jobId = (await response.Content.ReadFromJsonAsync<JsonObject>())!["jobId"]!.GetValue<string>();
        var jobs = app.Services.GetRequiredService<IJobStore>();
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (await jobs.GetAsync(jobId) is { IsFinished: true } job) return job;
            await Task.Delay(50);
        }
        throw new TimeoutException($"Job {jobId} did not finish.");
    }
}
