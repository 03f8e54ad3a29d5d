using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DramaGen.Tests.Dramas;
using DramaGen.Tests.Generation.Runs;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace DramaGen.Tests.Api;

/// <summary>
/// Keys and stream tokens never leave the process: not in its logs, not in job files, not in answers, even
/// when a provider echoes the key back in an error body.
/// </summary>
public sealed class SecretsTests : IDisposable
{
    private const string OpenAIKey = "sk-test-SECRET-4f2a9c";
    private const string GeminiKey = "gem-SECRET-77aa31";
    private const string ClientKey = "client-SECRET-0b5e";
    private readonly string _root = Directory.CreateTempSubdirectory("dramagen-secrets-").FullName;
    private readonly WireMockServer _provider = WireMockServer.Start();

    public void Dispose()
    {
        _provider.Stop();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Keys_appear_in_no_log_line_job_file_or_answer_even_when_a_provider_echoes_them()
    {
        _provider.Given(Request.Create().UsingAnyMethod())
            .RespondWith(Response.Create().WithStatusCode(400).WithBody($"{{\"error\":{{\"message\":\"invalid key {OpenAIKey} {GeminiKey}\"}}}}"));
        await using var service = await ServiceProcess.StartAsync(new Dictionary<string, string>
        {
            ["STORAGE_DIR"] = Path.Combine(_root, "storage"), ["JOBS_DIR"] = Path.Combine(_root, "jobs"),
            ["API_KEYS"] = ClientKey, ["ENVIRONMENT"] = "production",
            ["OPENAI_API_KEY"] = OpenAIKey, ["OPENAI_API_BASE"] = _provider.Url + "/v1",
            ["GEMINI_API_KEY"] = GeminiKey, ["GEMINI_API_BASE"] = _provider.Url!, ["VIDEO_PROVIDER"] = "local",
            ["MAX_RETRIES"] = "1", ["RETRY_BASE_DELAY_MS"] = "0",
        });
        var client = service.Client;
        var answers = new List<string>();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/dramas")).StatusCode);
        client.DefaultRequestHeaders.Add("X-API-Key", ClientKey);
        var writing = await client.PostAsJsonAsync("/dramas", new { premise = "A courier who delivers letters to the past." });
        var written = await client.WaitForJobAsync(writing.Headers.Location!.OriginalString);
        Assert.Equal("failed", written["status"]!.GetValue<string>());
        answers.Add(written.ToJsonString());

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/dramas", SampleDramas.Document("drama_secret"))).StatusCode);
        var generating = await client.PostAsJsonAsync("/dramas/drama_secret/generate", new { });
        var run = await client.WaitForJobAsync(generating.Headers.Location!.OriginalString);
        Assert.True(run["failed_jobs"]!.GetValue<int>() > 0, "the image provider's refusal should fail nodes");
        answers.Add(run.ToJsonString());
        answers.Add(await client.GetStringAsync("/dramas/drama_secret/jobs"));

        // The SSE route takes a short-lived token in its query string: that must not be logged either.
        var jobId = generating.Headers.Location!.OriginalString.Split('/')[^1];
        var token = (await (await client.PostAsync($"/auth/stream-token?dramaId=drama_secret&jobId={jobId}", null)).Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
        using var anonymous = new HttpClient { BaseAddress = client.BaseAddress };
        var events = await anonymous.GetAsync($"{generating.Headers.Location!.OriginalString}/events?token={Uri.EscapeDataString(token)}");
        Assert.Equal(HttpStatusCode.OK, events.StatusCode);
        Assert.Contains("event: end", await events.Content.ReadAsStringAsync());

        var everything = string.Join("\n", [service.Output, .. answers,
            .. Directory.EnumerateFiles(Path.Combine(_root, "jobs"), "*.json").Select(File.ReadAllText)]);
        Assert.Contains("400", everything);
        Assert.DoesNotContain(OpenAIKey, everything);
        Assert.DoesNotContain(GeminiKey, everything);
        Assert.DoesNotContain(ClientKey, everything);
        Assert.DoesNotContain(token, service.Output);
        Assert.DoesNotContain(Uri.EscapeDataString(token), service.Output);
    }
}
