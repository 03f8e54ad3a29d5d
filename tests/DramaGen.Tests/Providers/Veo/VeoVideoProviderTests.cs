using DramaGen.Providers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace DramaGen.Tests.Providers.Veo;

public sealed class VeoVideoProviderTests : IDisposable
{
    private const string StartPath = "/v1beta/models/veo-3.1-fast-generate-preview:predictLongRunning";
    private const string Operation = "models/veo-3.1-fast-generate-preview/operations/op7x2k";
    private const string PollPath = "/v1beta/" + Operation;
    private const string FilePath = "/v1beta/files/vid9:download";
    private static readonly byte[] Mp4 = [0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', 7, 7];
    private static readonly byte[] Frame = [0x89, (byte)'P', (byte)'N', (byte)'G', 1];

    private readonly ProviderTestHost _host = ProviderTestHost.Start(("VIDEO_PROVIDER", "veo"));

    public void Dispose() => _host.Dispose();

    private static object Done(string videoUri) => new
    {
        name = Operation,
        done = true,
        response = new
        {
            generateVideoResponse = new { generatedSamples = new[] { new { video = new { uri = videoUri } } } },
        },
    };

    private void StartAnswers() => _host.Server.Given(Request.Create().WithPath(StartPath).UsingPost())
        .RespondWith(Response.Create().WithBodyAsJson(new { name = Operation }));

    /// <summary>Two polls answer not done, the third answers <paramref name="final"/>.</summary>
    private void PollsAnswer(WireMockServer server, object final)
    {
        var poll = Request.Create().WithPath(PollPath).UsingGet();
        server.Given(poll).InScenario("op").WillSetStateTo("one").RespondWith(Response.Create().WithBodyAsJson(new { name = Operation }));
        server.Given(poll).InScenario("op").WhenStateIs("one").WillSetStateTo("two")
            .RespondWith(Response.Create().WithBodyAsJson(new { name = Operation, done = false }));
        server.Given(poll).InScenario("op").WhenStateIs("two").RespondWith(Response.Create().WithBodyAsJson(final));
        server.Given(Request.Create().WithPath(FilePath).UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "video/mp4").WithBody(Mp4));
    }

    [Fact]
    public async Task Generate_starts_an_operation_records_its_name_before_polling_then_polls_until_done_and_downloads()
    {
        StartAnswers();
        PollsAnswer(_host.Server, Done(_host.Server.Url + FilePath + "?alt=media"));
        var requestsWhenStarted = -1;

        var media = await _host.Videos.GenerateVideoAsync(new VideoRequest("Mara opens the hatch", 5, "9:16",
            new ReferenceImage(Frame, "image/png"), OnOperationStarted: (name, _) =>
            {
                Assert.Equal(Operation, name);
                requestsWhenStarted = _host.Requests.Count;
                return Task.CompletedTask;
            }));

        Assert.Equal(1, requestsWhenStarted);
        Assert.Equal(Mp4, media.Content);
        Assert.Equal(("veo", "veo-3.1-fast-generate-preview", Operation), (media.Provider, media.Model, media.ProviderJobId));
        Assert.Equal(3, _host.RequestsTo("GET", PollPath).Count);
        var download = Assert.Single(_host.RequestsTo("GET", FilePath));
        Assert.All(_host.Requests, r => Assert.Equal(ProviderTestHost.Key, ProviderTestHost.Header(r, "x-goog-api-key")));

        var body = ProviderTestHost.Json(Assert.Single(_host.RequestsTo("POST", StartPath)));
        var instance = body.GetProperty("instances")[0];
        Assert.Equal("Mara opens the hatch", instance.GetProperty("prompt").GetString());
        Assert.Equal("image/png", instance.GetProperty("image").GetProperty("mimeType").GetString());
        Assert.Equal(Convert.ToBase64String(Frame), instance.GetProperty("image").GetProperty("bytesBase64Encoded").GetString());
        Assert.Equal("9:16", body.GetProperty("parameters").GetProperty("aspectRatio").GetString());
        Assert.Equal(6, body.GetProperty("parameters").GetProperty("durationSeconds").GetInt32());
        Assert.Equal("media", download.Query!["alt"].Single());
    }

    [Fact]
    public async Task Text_only_landscape_request_sends_no_image_and_the_nearest_duration()
    {
        StartAnswers();
        PollsAnswer(_host.Server, Done(_host.Server.Url + FilePath));

        await _host.Videos.GenerateVideoAsync(new VideoRequest("p", 12, "16:9"));

        var body = ProviderTestHost.Json(Assert.Single(_host.RequestsTo("POST", StartPath)));
        Assert.False(body.GetProperty("instances")[0].TryGetProperty("image", out _));
        Assert.Equal("16:9", body.GetProperty("parameters").GetProperty("aspectRatio").GetString());
        Assert.Equal(8, body.GetProperty("parameters").GetProperty("durationSeconds").GetInt32());
    }

    [Fact]
    public async Task Resume_polls_the_existing_operation_without_starting_another()
    {
        PollsAnswer(_host.Server, Done(_host.Server.Url + FilePath));

        var media = await _host.Videos.GenerateVideoAsync(new VideoRequest("p", 8, "9:16", ExistingOperationId: Operation));

        Assert.Equal(Mp4, media.Content);
        Assert.Empty(_host.RequestsTo("POST", StartPath));
        Assert.Equal(3, _host.RequestsTo("GET", PollPath).Count);
    }

    [Fact]
    public async Task Operation_error_fails_with_the_message()
    {
        StartAnswers();
        PollsAnswer(_host.Server, new { name = Operation, done = true, error = new { code = 3, message = "The prompt could not be processed." } });

        var failure = await Assert.ThrowsAsync<ProviderException>(() => _host.Videos.GenerateVideoAsync(new VideoRequest("p", 8, "9:16")));

        Assert.False(failure.IsRetryable);
        Assert.Contains("The prompt could not be processed.", failure.Message);
        Assert.Empty(_host.RequestsTo("GET", FilePath));
    }

    [Fact]
    public async Task Operation_error_for_capacity_is_retryable()
    {
        StartAnswers();
        PollsAnswer(_host.Server, new { name = Operation, done = true, error = new { code = 14, message = "Service unavailable." } });

        var failure = await Assert.ThrowsAsync<ProviderException>(() => _host.Videos.GenerateVideoAsync(new VideoRequest("p", 8, "9:16")));

        Assert.True(failure.IsRetryable);
    }

    [Fact]
    public async Task Safety_filtered_result_fails_with_the_reasons_and_is_not_retryable()
    {
        StartAnswers();
        PollsAnswer(_host.Server, new
        {
            name = Operation,
            done = true,
            response = new { generateVideoResponse = new { raiMediaFilteredCount = 1, raiMediaFilteredReasons = new[] { "Video blocked: celebrity likeness" } } },
        });

        var failure = await Assert.ThrowsAsync<ProviderException>(() => _host.Videos.GenerateVideoAsync(new VideoRequest("p", 8, "9:16")));

        Assert.False(failure.IsRetryable);
        Assert.Contains("celebrity likeness", failure.Message);
        Assert.Single(_host.RequestsTo("POST", StartPath));
    }

    [Fact]
    public async Task Throttled_start_waits_for_Retry_After_then_succeeds()
    {
        var start = Request.Create().WithPath(StartPath).UsingPost();
        _host.Server.Given(start).InScenario("start").WillSetStateTo("ok")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "4")
                .WithBodyAsJson(new { error = new { code = 429, message = "Quota exceeded", status = "RESOURCE_EXHAUSTED" } }));
        _host.Server.Given(start).InScenario("start").WhenStateIs("ok").RespondWith(Response.Create().WithBodyAsJson(new { name = Operation }));
        PollsAnswer(_host.Server, Done(_host.Server.Url + FilePath));

        var (media, elapsed) = await _host.RunAsync(() => _host.Videos.GenerateVideoAsync(new VideoRequest("p", 8, "9:16")));

        Assert.Equal(Mp4, media.Content);
        Assert.Equal(2, _host.RequestsTo("POST", StartPath).Count);
        // RETRY_BASE_DELAY_MS and the poll interval are 0: the only wait is the honoured Retry-After.
        Assert.Equal(TimeSpan.FromSeconds(4), elapsed);
    }

    [Fact]
    public async Task Server_errors_on_a_poll_fail_after_MAX_RETRIES_plus_one_attempts()
    {
        using var host = ProviderTestHost.Start(("VIDEO_PROVIDER", "veo"), ("MAX_RETRIES", "4"));
        host.Server.Given(Request.Create().WithPath(PollPath).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(503).WithBodyAsJson(new { error = new { code = 503, message = "The service is currently unavailable." } }));

        var failure = await Assert.ThrowsAsync<ProviderException>(() =>
            host.Videos.GenerateVideoAsync(new VideoRequest("p", 8, "9:16", ExistingOperationId: Operation)));

        Assert.Equal(5, host.RequestsTo("GET", PollPath).Count);
        Assert.True(failure.IsRetryable);
        Assert.Contains("The service is currently unavailable.", failure.Message);
    }

    [Fact]
    public async Task Rejected_start_is_not_retried()
    {
        _host.Server.Given(Request.Create().WithPath(StartPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(400).WithBodyAsJson(new { error = new { code = 400, message = "durationSeconds out of bounds", status = "INVALID_ARGUMENT" } }));

        var failure = await Assert.ThrowsAsync<ProviderException>(() => _host.Videos.GenerateVideoAsync(new VideoRequest("p", 8, "9:16")));

        Assert.Single(_host.Requests);
        Assert.False(failure.IsRetryable);
        Assert.Contains("durationSeconds out of bounds", failure.Message);
    }

    [Fact]
    public async Task Garbage_poll_answer_is_a_clear_failure()
    {
        StartAnswers();
        _host.Server.Given(Request.Create().WithPath(PollPath).UsingGet()).RespondWith(Response.Create().WithBody("operation? what operation"));

        var failure = await Assert.ThrowsAsync<ProviderException>(() => _host.Videos.GenerateVideoAsync(new VideoRequest("p", 8, "9:16")));

        Assert.False(failure.IsRetryable);
        Assert.Contains("not the expected JSON", failure.Message);
    }

    [Fact]
    public async Task Sample_on_another_host_is_downloaded_without_the_api_key()
    {
        using var elsewhere = WireMockServer.Start();
        elsewhere.Given(Request.Create().WithPath(FilePath).UsingGet()).RespondWith(Response.Create().WithBody(Mp4));
        StartAnswers();
        PollsAnswer(_host.Server, Done(elsewhere.Url + FilePath));

        var media = await _host.Videos.GenerateVideoAsync(new VideoRequest("p", 8, "9:16"));

        Assert.Equal(Mp4, media.Content);
        var download = Assert.Single(elsewhere.LogEntries).RequestMessage;
        Assert.Null(ProviderTestHost.Header(download, "x-goog-api-key"));
    }

    [Fact]
    public async Task Download_that_stalls_mid_body_times_out_and_is_retried()
    {
        using var stalling = new SilentServer("HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: 1000\r\n\r\n\0\0\0").Start();
        using var host = ProviderTestHost.Start([stalling], ("VIDEO_PROVIDER", "veo"), ("REQUEST_TIMEOUT_SECONDS", "1"));
        PollsAnswer(host.Server, Done(stalling.Url + FilePath));

        var (failure, elapsed) = await host.RunAsync(() => Record.ExceptionAsync(() =>
            host.Videos.GenerateVideoAsync(new VideoRequest("p", 8, "9:16", ExistingOperationId: Operation))));

        var providerFailure = Assert.IsType<ProviderException>(failure);
        Assert.Contains("timed out", providerFailure.Message);
        Assert.Equal(3, stalling.RequestLines.Count(line => line.StartsWith("GET " + FilePath)));
        // Three download attempts of REQUEST_TIMEOUT_SECONDS each, with no backoff between them.
        Assert.Equal(TimeSpan.FromSeconds(3), elapsed);
    }
}
