using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DramaGen.Tests.Providers.OpenAI;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace DramaGen.Tests.Authoring;

/// <summary>A writing job's text calls are billed to the user whose key asked for it, as a run's are (DAILY_BUDGET_USD is per user).</summary>
public sealed class AuthoringBillingTests : IDisposable
{
    private readonly WireMockServer _openAI = WireMockServer.Start();

    public void Dispose() => _openAI.Stop();

    [Theory]
    [InlineData("key-alice", "alice")]
    [InlineData("key-admin", "anonymous")]
    public async Task A_premise_is_billed_to_the_owner_of_the_key_that_posted_it(string key, string billedTo)
    {
        // The stub answers as OpenAI does, with the usage that is billed.
        _openAI.Given(Request.Create().WithPath("/v1/chat/completions").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody(ChatAnswers.Json(ChatAnswers.Completion(ChatAnswers.Json(ChatAnswers.Draft)))));
        await using var app = new DramaGenApplication(new Dictionary<string, string?>
        {
            ["API_KEYS"] = "key-admin,key-alice=alice",
            ["DEFAULT_USER_ID"] = "anonymous",
            ["OPENAI_API_KEY"] = "sk-test-billing",
            ["OPENAI_API_BASE"] = _openAI.Url + "/v1",
            ["TEXT_PROVIDER"] = "openai",
            ["PRICES:openai:*:per_million_input_tokens"] = "1000",
            ["PRICES:openai:*:per_million_output_tokens"] = "1000",
        });
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-API-Key", key);

        var writing = await client.PostAsJsonAsync("/dramas", new { premise = "A courier who delivers letters to the past.", episodes = 1, scenesPerEpisode = 2 });
        var job = await client.WaitForJobAsync(writing.Headers.Location!.OriginalString);

        Assert.Equal("completed", JobWaiting.Status(job));
        Assert.True((decimal)job["cost_usd"]! > 0m, job.ToJsonString());
        Assert.Equal(billedTo, job["metadata"]?["billed_to"]?.GetValue<string>());
    }
}
