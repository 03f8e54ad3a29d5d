using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DramaGen.Tests.Api;
using DramaGen.Tests.Dramas;
using DramaGen.Tests.Generation.Runs;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace DramaGen.Tests.Providers;

/// <summary>
/// Every provider path that turns provider text into a message (a 200 that is not the expected JSON, an OpenAI
/// refusal, a Veo operation error, a Sora failure), fed by a stub that echoes every key back: no key, whole or
/// half, reaches the job files, the log, the answers or the SSE stream. The service runs as its own process, so
/// its real log output is what is searched.
/// </summary>
public sealed class ProviderEchoTests : IDisposable
{
    private const string OpenAIKey = "sk-echo-SECRET-4f2a9c71";
    private const string GeminiKey = "gem-echo-SECRET-77aa31";
    private const string SoraKey = "sora-echo-SECRET-90d1e5";
    private static readonly string[] Keys = [OpenAIKey, GeminiKey, SoraKey];

    // Keys back to back for well past the 500-character cut of a message, so one straddles the cut whatever the
    // prefix: masking after cutting would leave its first half readable.
    private static readonly string Echo = string.Join(" ", Enumerable.Repeat(Keys, 20).SelectMany(keys => keys));

    private readonly string _root = Directory.CreateTempSubdirectory("dramagen-echo-").FullName;
    private readonly WireMockServer _stub = WireMockServer.Start();

    public void Dispose()
    {
        _stub.Stop();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    public static TheoryData<string> Paths() => ["openai-not-a-completion", "openai-refusal", "gemini-not-json", "veo-operation-error", "sora-failure"];

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task No_echoed_key_reaches_job_files_logs_answers_or_events(string path)
    {
        var settings = Stub(path);
        await using var service = await ServiceProcess.StartAsync(new Dictionary<string, string>(settings)
        {
            ["STORAGE_DIR"] = Path.Combine(_root, "storage"), ["JOBS_DIR"] = Path.Combine(_root, "jobs"),
            ["OPENAI_API_KEY"] = OpenAIKey, ["OPENAI_API_BASE"] = _stub.Url + "/v1",
            ["GEMINI_API_KEY"] = GeminiKey, ["GEMINI_API_BASE"] = _stub.Url!,
            ["SORA_API_KEY"] = SoraKey, ["SORA_API_BASE"] = _stub.Url!,
            ["VIDEO_POLL_INTERVAL_SECONDS"] = "0", ["MAX_RETRIES"] = "1", ["RETRY_BASE_DELAY_MS"] = "0",
        });
        var client = service.Client;
        var answers = new List<string>();

        string location;
        if (path.StartsWith("openai", StringComparison.Ordinal))
        {
            location = (await client.PostAsJsonAsync("/dramas", new { premise = "A courier who delivers letters to the past." })).Headers.Location!.OriginalString;
        }
        else
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/dramas", SampleDramas.Document("drama_echo"))).StatusCode);
            location = (await client.PostAsJsonAsync("/dramas/drama_echo/generate", new { })).Headers.Location!.OriginalString;
            answers.Add(await client.GetStringAsync("/dramas/drama_echo/jobs"));
            var jobId = location[(location.LastIndexOf('/') + 1)..];
            var token = (await (await client.PostAsync($"/auth/stream-token?dramaId=drama_echo&jobId={jobId}", null)).Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
            answers.Add(await client.GetStringAsync($"{location}/events?token={Uri.EscapeDataString(token)}"));
        }
        var job = await client.WaitForJobAsync(location);
        answers.Add(job.ToJsonString());

        var everything = string.Join("\n", [service.Output, .. answers,
            .. Directory.EnumerateFiles(Path.Combine(_root, "jobs"), "*.json").Select(File.ReadAllText)]);
        if (path != "openai-not-a-completion")
        {
            Assert.Contains("*** *** ***", everything); // the echo did reach a message, masked
        }
        foreach (var key in Keys)
        {
            Assert.DoesNotContain(key[..10], everything);
            Assert.DoesNotContain(key[^8..], everything);
        }
    }

    /// <summary>Points one provider choice at the stub and makes the stub echo the keys on that path.</summary>
    private Dictionary<string, string> Stub(string path)
    {
        var any = Request.Create().UsingAnyMethod();
        switch (path)
        {
            case "openai-not-a-completion":
                _stub.Given(any).RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/html").WithBody($"<html>{Echo}</html>"));
                return new() { ["TEXT_PROVIDER"] = "openai" };
            case "openai-refusal":
                _stub.Given(any).RespondWith(Response.Create().WithBodyAsJson(new
                {
                    id = "chatcmpl-1", @object = "chat.completion", created = 1_700_000_000, model = "gpt-5-mini",
                    choices = new[] { new { index = 0, finish_reason = "stop", message = new { role = "assistant", content = (string?)null, refusal = Echo } } },
                }));
                return new() { ["TEXT_PROVIDER"] = "openai" };
            case "gemini-not-json":
                _stub.Given(any).RespondWith(Response.Create().WithStatusCode(200).WithBody(Echo));
                return new() { ["IMAGE_PROVIDER"] = "gemini", ["VIDEO_PROVIDER"] = "local" };
            case "veo-operation-error":
                _stub.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithBodyAsJson(new { name = "models/veo/operations/op1" }));
                _stub.Given(Request.Create().UsingGet()).RespondWith(Response.Create().WithBodyAsJson(new
                {
                    name = "models/veo/operations/op1", done = true, error = new { code = 400, status = "INVALID_ARGUMENT", message = Echo },
                }));
                return new() { ["IMAGE_PROVIDER"] = "local", ["VIDEO_PROVIDER"] = "veo" };
            default:
                _stub.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithBodyAsJson(new { id = "video_1", status = "queued" }));
                _stub.Given(Request.Create().UsingGet()).RespondWith(Response.Create().WithBodyAsJson(new
                {
                    id = "video_1", status = "failed", error = new { code = "internal_error", message = Echo },
                }));
                return new() { ["IMAGE_PROVIDER"] = "local", ["VIDEO_PROVIDER"] = "sora" };
        }
    }
}
