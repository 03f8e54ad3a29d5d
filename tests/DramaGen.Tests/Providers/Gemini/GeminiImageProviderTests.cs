using DramaGen.Providers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace DramaGen.Tests.Providers.Gemini;

public sealed class GeminiImageProviderTests : IDisposable
{
    private const string Path = "/v1beta/models/gemini-2.5-flash-image:generateContent";
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3, 4];
    private static readonly ImageRequest Portrait = new("Mara at the lighthouse, dusk", "9:16",
        [new ReferenceImage([9, 8, 7], "image/png", "Mara")]);

    private readonly ProviderTestHost _host = ProviderTestHost.Start();

    public void Dispose() => _host.Dispose();

    private static object ImageAnswer(string inlineKey = "inlineData", string mimeKey = "mimeType") => new Dictionary<string, object>
    {
        ["responseId"] = "resp-42",
        ["candidates"] = new[]
        {
            new Dictionary<string, object>
            {
                ["finishReason"] = "STOP",
                ["content"] = new { parts = new object[]
                {
                    new { text = "Here you go" },
                    new Dictionary<string, object> { [inlineKey] = new Dictionary<string, string> { [mimeKey] = "image/png", ["data"] = Convert.ToBase64String(Png) } },
                } },
            },
        },
    };

    private void Answer(int status, object body, string? retryAfter = null)
    {
        var response = Response.Create().WithStatusCode(status).WithBodyAsJson(body);
        if (retryAfter is not null)
        {
            response = response.WithHeader("Retry-After", retryAfter);
        }
        _host.Server.Given(Request.Create().WithPath(Path).UsingPost()).RespondWith(response);
    }

    [Fact]
    public async Task Generate_sends_prompt_references_and_aspect_ratio_with_the_key_header_and_reads_the_inline_image()
    {
        Answer(200, ImageAnswer());

        var media = await _host.Images.GenerateImageAsync(Portrait);

        var request = Assert.Single(_host.RequestsTo("POST", Path));
        Assert.Equal(ProviderTestHost.Key, ProviderTestHost.Header(request, "x-goog-api-key"));
        var body = ProviderTestHost.Json(request);
        var parts = body.GetProperty("contents")[0].GetProperty("parts");
        Assert.StartsWith("Mara at the lighthouse, dusk", parts[0].GetProperty("text").GetString());
        Assert.Contains("Mara", parts[0].GetProperty("text").GetString()!.Split('\n')[^1]);
        Assert.Equal("image/png", parts[1].GetProperty("inlineData").GetProperty("mimeType").GetString());
        Assert.Equal(Convert.ToBase64String([9, 8, 7]), parts[1].GetProperty("inlineData").GetProperty("data").GetString());
        Assert.Equal("IMAGE", body.GetProperty("generationConfig").GetProperty("responseModalities")[0].GetString());
        Assert.Equal("9:16", body.GetProperty("generationConfig").GetProperty("imageConfig").GetProperty("aspectRatio").GetString());

        Assert.Equal(Png, media.Content);
        Assert.Equal("image/png", media.ContentType);
        Assert.Equal("gemini", media.Provider);
        Assert.Equal("gemini-2.5-flash-image", media.Model);
        Assert.Equal("resp-42", media.ProviderJobId);
    }

    [Fact]
    public async Task Generate_accepts_snake_case_inline_data_from_gateways()
    {
        Answer(200, ImageAnswer("inline_data", "mime_type"));

        var media = await _host.Images.GenerateImageAsync(Portrait with { ReferenceImages = [] });

        Assert.Equal(Png, media.Content);
        Assert.Equal("image/png", media.ContentType);
        var parts = ProviderTestHost.Json(Assert.Single(_host.Requests)).GetProperty("contents")[0].GetProperty("parts");
        Assert.Equal(1, parts.GetArrayLength());
    }

    [Fact]
    public async Task Throttled_request_waits_for_Retry_After_then_succeeds()
    {
        _host.Server.Given(Request.Create().WithPath(Path).UsingPost()).InScenario("throttle").WillSetStateTo("open")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "3")
                .WithBodyAsJson(new { error = new { code = 429, message = "Resource exhausted", status = "RESOURCE_EXHAUSTED" } }));
        _host.Server.Given(Request.Create().WithPath(Path).UsingPost()).InScenario("throttle").WhenStateIs("open")
            .RespondWith(Response.Create().WithStatusCode(200).WithBodyAsJson(ImageAnswer()));

        var (media, elapsed) = await _host.RunAsync(() => _host.Images.GenerateImageAsync(Portrait));

        Assert.Equal(Png, media.Content);
        Assert.Equal(2, _host.Requests.Count);
        // RETRY_BASE_DELAY_MS is 0 here: only the honoured Retry-After makes the clock move.
        Assert.Equal(TimeSpan.FromSeconds(3), elapsed);
    }

    [Fact]
    public async Task Server_errors_fail_after_MAX_RETRIES_plus_one_attempts()
    {
        using var host = ProviderTestHost.Start(("MAX_RETRIES", "3"));
        host.Server.Given(Request.Create().WithPath(Path).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(500).WithBodyAsJson(new { error = new { code = 500, message = "Internal error encountered." } }));

        var failure = await Assert.ThrowsAsync<ProviderException>(() => host.Images.GenerateImageAsync(Portrait));

        Assert.Equal(4, host.Requests.Count);
        Assert.True(failure.IsRetryable);
        Assert.Contains("500", failure.Message);
        Assert.Contains("Internal error encountered.", failure.Message);
    }

    [Fact]
    public async Task Blocked_prompt_fails_once_with_the_reason_and_is_not_retried()
    {
        Answer(200, new { promptFeedback = new { blockReason = "SAFETY" } });

        var failure = await Assert.ThrowsAsync<ProviderException>(() => _host.Images.GenerateImageAsync(Portrait));

        Assert.Single(_host.Requests);
        Assert.False(failure.IsRetryable);
        Assert.Contains("SAFETY", failure.Message);
    }

    [Fact]
    public async Task Candidate_stopped_for_image_safety_without_an_image_is_a_final_failure()
    {
        Answer(200, new { candidates = new[] { new { finishReason = "IMAGE_SAFETY", content = new { parts = Array.Empty<object>() } } } });

        var failure = await Assert.ThrowsAsync<ProviderException>(() => _host.Images.GenerateImageAsync(Portrait));

        Assert.Single(_host.Requests);
        Assert.False(failure.IsRetryable);
        Assert.Contains("IMAGE_SAFETY", failure.Message);
    }

    [Fact]
    public async Task Validation_error_is_not_retried_and_never_echoes_the_key()
    {
        Answer(400, new { error = new { code = 400, message = $"API key not valid: {ProviderTestHost.Key}", status = "INVALID_ARGUMENT" } });

        var failure = await Assert.ThrowsAsync<ProviderException>(() => _host.Images.GenerateImageAsync(Portrait));

        Assert.Single(_host.Requests);
        Assert.False(failure.IsRetryable);
        Assert.Contains("400", failure.Message);
        Assert.Contains("API key not valid", failure.Message);
        Assert.DoesNotContain(ProviderTestHost.Key, failure.Message);
    }

    [Fact]
    public async Task Garbage_answer_is_a_clear_failure()
    {
        _host.Server.Given(Request.Create().WithPath(Path).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("<html>gateway says hi</html>"));

        var failure = await Assert.ThrowsAsync<ProviderException>(() => _host.Images.GenerateImageAsync(Portrait));

        Assert.False(failure.IsRetryable);
        Assert.Contains("not the expected JSON", failure.Message);
        Assert.Contains("gateway says hi", failure.Message);
    }

    [Fact]
    public async Task Attempts_that_time_out_are_retried_up_to_MAX_RETRIES()
    {
        using var silent = new SilentServer().Start();
        using var host = ProviderTestHost.Start([silent], ("GEMINI_API_BASE", silent.Url), ("REQUEST_TIMEOUT_SECONDS", "1"));

        var (failure, elapsed) = await host.RunAsync(() => Record.ExceptionAsync(() => host.Images.GenerateImageAsync(Portrait)));

        var providerFailure = Assert.IsType<ProviderException>(failure);
        Assert.Contains("timed out", providerFailure.Message);
        Assert.True(providerFailure.IsRetryable);
        Assert.Equal(3, silent.RequestLines.Count(line => line.StartsWith("POST " + Path)));
        // Three attempts of REQUEST_TIMEOUT_SECONDS each, with no backoff between them.
        Assert.Equal(TimeSpan.FromSeconds(3), elapsed);
    }
}
