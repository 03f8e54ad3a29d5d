using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

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

        var job = await RunJobAsync(client, "/dramas", new { premise = Premise, episodes = 2, scenesPerEpisode = 3 });
        Assert.Equal("completed", JobWaiting.Status(job));
        var dramaId = job["result"]!["dramaId"]!.GetValue<string>();
        var drama = await client.GetFromJsonAsync<JsonObject>($"/dramas/{dramaId}");

        Assert.Equal(Premise, drama!["premise"]!.GetValue<string>());
        Assert.Equal("9:16", drama["aspectRatio"]!.GetValue<string>());
        var episodes = drama["episodes"]!.AsArray();
        Assert.Equal(2, episodes.Count);
        Assert.All(episodes, e => Assert.Equal(3, e!["scenes"]!.AsArray().Count));
        var characterIds = drama["characters"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()).ToHashSet();
        Assert.All(episodes.SelectMany(e => e!["scenes"]!.AsArray()), s =>
            Assert.Subset(characterIds, s!["characters"]!.AsArray().Select(c => c!.GetValue<string>()).ToHashSet()));

        await RunJobAsync(client, $"/dramas/{dramaId}/improve", new { feedback = "Make the storm more menacing" });
        var improved = await client.GetFromJsonAsync<JsonObject>($"/dramas/{dramaId}");
        Assert.Equal(characterIds, improved!["characters"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()).ToHashSet());
        Assert.Contains("Make the storm more menacing", improved["synopsis"]!.GetValue<string>());

        var critique = await RunJobAsync(client, $"/dramas/{dramaId}/critique", new { });
        Assert.Equal("completed", JobWaiting.Status(critique));
        Assert.InRange(critique["result"]!["overall"]!.GetValue<int>(), 1, 10);
    }

    [Fact]
    public async Task A_simulated_text_failure_fails_the_job_with_its_reason()
    {
        using var app = new DramaGenApplication(new Dictionary<string, string?> { ["LOCAL_FAILURE_RATE"] = "1" });

        var job = await RunJobAsync(app.CreateClient(), "/dramas", new { premise = Premise });

        Assert.Equal("failed", JobWaiting.Status(job));
        Assert.Contains("simulated failure", job["error"]!.GetValue<string>());
    }

    /// <summary>Posts, then waits for the job the 202 names.</summary>
    private static async Task<JsonObject> RunJobAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await client.WaitForJobAsync(response);
    }
}
