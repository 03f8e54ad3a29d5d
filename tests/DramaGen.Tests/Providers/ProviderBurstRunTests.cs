using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;

namespace DramaGen.Tests.Providers;

/// <summary>
/// A 15-image run through the whole service against a Gemini stub that answers every prompt with a burst first (two
/// 429s with Retry-After, or one 503): retries absorb it and the circuit breaker never fails a node, so every node
/// completes within MAX_RETRIES (2). Retry-After is 0 and the backoff base 0, so nothing waits on a clock.
/// </summary>
public sealed class ProviderBurstRunTests
{
    private const int Portraits = 5;
    private const int Scenes = 10;
    private static readonly byte[] Png = TestFrames.Png(72, 128);

    private static JsonObject Drama() => new()
    {
        ["id"] = "drama_burst",
        ["title"] = "Burst",
        ["premise"] = "Everyone asks at once.",
        ["characters"] = new JsonArray([.. Enumerable.Range(1, Portraits).Select(c => (JsonNode)new JsonObject
        {
            ["id"] = $"c{c}", ["name"] = $"Person {c}", ["description"] = $"Person number {c}.",
        })]),
        ["episodes"] = new JsonArray(new JsonObject
        {
            ["id"] = "e1", ["title"] = "One",
            ["scenes"] = new JsonArray([.. Enumerable.Range(1, Scenes).Select(s => (JsonNode)new JsonObject
            {
                ["id"] = $"s{s}", ["title"] = $"Scene {s}", ["description"] = $"Things happen, part {s}.", ["characters"] = new JsonArray($"c{s % Portraits + 1}"),
            })]),
        }),
    };

    /// <summary>Per request body (one node's prompt and references): each failure in turn, then the image.</summary>
    private static void FailEachPromptThenAnswer(WireMockServer server, params (int Status, string Message, string GoogleStatus)[] failures)
    {
        var seen = new ConcurrentDictionary<string, int>();
        server.Given(Request.Create().WithPath(new RegexMatcher(":generateContent$")).UsingPost()).RespondWith(Response.Create().WithCallback(request =>
        {
            var attempt = seen.AddOrUpdate(request.Body ?? "", 1, (_, count) => count + 1);
            if (attempt > failures.Length)
            {
                return StubAnswers.Json(200, new
                {
                    candidates = new[] { new { finishReason = "STOP", content = new { parts = new[] { new { inlineData = new { mimeType = "image/png", data = Convert.ToBase64String(Png) } } } } } },
                });
            }
            var (status, message, googleStatus) = failures[attempt - 1];
            var answer = StubAnswers.Json(status, new { error = new { code = status, message, status = googleStatus } });
            if (status == 429)
            {
                answer.Headers!["Retry-After"] = new WireMockList<string>("0");
            }
            return answer;
        }));
    }

    private static async Task<(JsonObject Parent, int Posts)> RunAsync(params (int Status, string Message, string GoogleStatus)[] failures)
    {
        using var gemini = WireMockServer.Start();
        FailEachPromptThenAnswer(gemini, failures);
        await using var app = new DramaGenApplication(new Dictionary<string, string?>
        {
            ["IMAGE_PROVIDER"] = "gemini", ["SPEECH_PROVIDER"] = "local", ["GEMINI_API_KEY"] = ProviderTestHost.Key, ["GEMINI_API_BASE"] = gemini.Url,
            ["MAX_RETRIES"] = "2", ["RETRY_BASE_DELAY_MS"] = "0", ["IMAGE_MAX_CONCURRENCY"] = "4",
        });
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/dramas", Drama())).StatusCode);
        var accepted = await client.PostAsync("/dramas/drama_burst/generate", null);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

        var parent = await client.WaitForJobAsync(accepted);
        return (parent, gemini.LogEntries.Count(entry => entry.RequestMessage.Method == "POST"));
    }

    private static void AssertEveryImageCompleted(JsonObject parent)
    {
        Assert.True(JobWaiting.Status(parent) == "completed", parent.ToJsonString());
        var images = parent["jobs"]!.AsArray().Select(child => child!.AsObject()).Where(child => child["job_type"]!.GetValue<string>() == "image").ToList();
        Assert.Equal(Portraits + Scenes, images.Count);
        Assert.All(images, image => Assert.True(JobWaiting.Status(image) == "completed", image.ToJsonString()));
    }

    [Fact]
    public async Task Two_429s_with_Retry_After_for_every_prompt_fail_no_node_of_a_15_image_run()
    {
        var (parent, posts) = await RunAsync((429, "Resource has been exhausted (e.g. check quota).", "RESOURCE_EXHAUSTED"),
            (429, "Resource has been exhausted (e.g. check quota).", "RESOURCE_EXHAUSTED"));

        AssertEveryImageCompleted(parent);
        Assert.Equal((Portraits + Scenes) * 3, posts);
    }

    [Fact]
    public async Task One_503_for_every_prompt_fails_no_node_of_a_15_image_run()
    {
        var (parent, posts) = await RunAsync((503, "The model is overloaded. Please try again later.", "UNAVAILABLE"));

        AssertEveryImageCompleted(parent);
        Assert.Equal((Portraits + Scenes) * 2, posts);
    }
}
