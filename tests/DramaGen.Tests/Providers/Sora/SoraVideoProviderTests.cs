using DramaGen.Providers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace DramaGen.Tests.Providers.Sora;

public sealed class SoraVideoProviderTests : IDisposable
{
    private const string Id = "video_68d7512d";
    private const string JobPath = "/v1/videos/" + Id;
    private static readonly byte[] Mp4 = [0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', 1, 2, 3];
    // Already Sora's portrait size: sent as it is.
    private static readonly byte[] Frame = TestFrames.Png(720, 1280);

    private readonly ProviderTestHost _host = ProviderTestHost.Start(("VIDEO_PROVIDER", "sora"));

    public void Dispose() => _host.Dispose();

    private static object Job(string status, object? error = null) =>
        new { id = Id, @object = "video", model = "sora-2", status, progress = status == "completed" ? 100 : 10, error };

    private void CreateAnswers(int status, object body, string? retryAfter = null, string? scenario = null, string? next = null)
    {
        var response = Response.Create().WithStatusCode(status).WithBodyAsJson(body);
        if (retryAfter is not null)
        {
            response = response.WithHeader("Retry-After", retryAfter);
        }
        var mapping = _host.Server.Given(Request.Create().WithPath("/v1/videos").UsingPost());
        if (scenario is not null)
        {
            mapping = next is null ? mapping.InScenario(scenario).WhenStateIs("created") : mapping.InScenario(scenario).WillSetStateTo("created");
        }
        mapping.RespondWith(response);
    }

    /// <summary>Polls answer queued, then in_progress, then the final job; the content is the MP4.</summary>
    private void PollsAnswer(object final)
    {
        var poll = Request.Create().WithPath(JobPath).UsingGet();
        _host.Server.Given(poll).InScenario("job").WillSetStateTo("queued-seen").RespondWith(Response.Create().WithBodyAsJson(Job("queued")));
        _host.Server.Given(poll).InScenario("job").WhenStateIs("queued-seen").WillSetStateTo("running-seen")
            .RespondWith(Response.Create().WithBodyAsJson(Job("in_progress")));
        _host.Server.Given(poll).InScenario("job").WhenStateIs("running-seen").RespondWith(Response.Create().WithBodyAsJson(final));
        _host.Server.Given(Request.Create().WithPath(JobPath + "/content").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "video/mp4").WithBody(Mp4));
    }

    [Fact]
    public async Task Generate_creates_a_job_records_its_id_before_polling_then_polls_to_completion_and_downloads()
    {
        CreateAnswers(200, Job("queued"));
        PollsAnswer(Job("completed"));
        var requestsWhenStarted = -1;
        var request = new VideoRequest("Mara opens the hatch", 7, "9:16", new ReferenceImage(Frame, "image/png"),
            OnOperationStarted: (id, _) =>
            {
                Assert.Equal(Id, id);
                requestsWhenStarted = _host.Requests.Count;
                return Task.CompletedTask;
            });

        var media = await _host.Videos.GenerateVideoAsync(request);

        Assert.Equal(1, requestsWhenStarted);
        Assert.Equal(Mp4, media.Content);
        Assert.Equal("video/mp4", media.ContentType);
        Assert.Equal(("sora", "sora-2", Id), (media.Provider, media.Model, media.ProviderJobId));
        Assert.Equal(3, _host.RequestsTo("GET", JobPath).Count);
        Assert.Single(_host.RequestsTo("GET", JobPath + "/content"));

        var create = Assert.Single(_host.RequestsTo("POST", "/v1/videos"));
        Assert.Equal($"Bearer {ProviderTestHost.Key}", ProviderTestHost.Header(create, "Authorization"));
        Assert.StartsWith("multipart/form-data", ProviderTestHost.Header(create, "Content-Type"));
        var form = MultipartForm.Parse(create);
        Assert.Equal("sora-2", form["model"].Text);
        Assert.Equal("Mara opens the hatch", form["prompt"].Text);
        Assert.Equal("8", form["seconds"].Text);
        Assert.Equal("720x1280", form["size"].Text);
        Assert.Equal(Frame, form["input_reference"].Bytes);
        Assert.Equal("image/png", form["input_reference"].ContentType);
        Assert.Equal("first_frame.png", form["input_reference"].FileName);
        Assert.All(_host.Requests, r => Assert.Equal($"Bearer {ProviderTestHost.Key}", ProviderTestHost.Header(r, "Authorization")));
    }

    [Theory]
    [InlineData(3, "16:9", "4", "1280x720")]
    [InlineData(10, "9:16", "12", "720x1280")]
    [InlineData(6, "9:16", "8", "720x1280")]
    public async Task Duration_and_size_map_onto_what_Sora_accepts(int seconds, string aspect, string sentSeconds, string sentSize)
    {
        CreateAnswers(200, Job("queued"));
        PollsAnswer(Job("completed"));

        await _host.Videos.GenerateVideoAsync(new VideoRequest("p", seconds, aspect));

        var form = MultipartForm.Parse(Assert.Single(_host.RequestsTo("POST", "/v1/videos")));
        Assert.Equal(sentSeconds, form["seconds"].Text);
        Assert.Equal(sentSize, form["size"].Text);
        Assert.False(form.ContainsKey("input_reference"));
    }

    [Fact]
    public async Task Resume_polls_the_existing_job_without_creating_another()
    {
        PollsAnswer(Job("completed"));
        string? recorded = null;

        var media = await _host.Videos.GenerateVideoAsync(new VideoRequest("p", 8, "9:16", ExistingOperationId: Id,
            OnOperationStarted: (id, _) => { recorded = id; return Task.CompletedTask; }));

        Assert.Equal(Mp4, media.Content);
        Assert.Empty(_host.RequestsTo("POST", "/v1/videos"));
        Assert.Equal(3, _host.RequestsTo("GET", JobPath).Count);
        Assert.Equal(Id, recorded);
    }

    [Fact]
    public async Task Failed_job_for_moderation_fails_with_the_message_and_is_not_retryable()
    {
        CreateAnswers(200, Job("queued"));
        PollsAnswer(Job("failed", new { code = "moderation_blocked", message = "Your request was blocked by our moderation system." }));

        var failure = await Assert.ThrowsAsync<ProviderException>(() => _host.Videos.GenerateVideoAsync(new VideoRequest("p", 8, "9:16")));

        Assert.False(failure.IsRetryable);
        Assert.Contains("blocked by our moderation system", failure.Message);
        Assert.Empty(_host.RequestsTo("GET", JobPath + "/content"));
        Assert.Single(_host.RequestsTo("POST", "/v1/videos"));
    }

    [Fact]
    public async Task Failed_job_for_another_reason_is_retryable()
    {
        CreateAnswers(200, Job("queued"));
        PollsAnswer(Job("failed", new { code = "internal_error", message = "Video generation failed." }));

        var failure = await Assert.ThrowsAsync<ProviderException>(() => _host.Videos.GenerateVideoAsync(new VideoRequest("p", 8, "9:16")));

        Assert.True(failure.IsRetryable);
        Assert.Contains("Video generation failed.", failure.Message);
    }

    [Fact]
    public async Task Throttled_create_waits_for_Retry_After_then_succeeds()
    {
        CreateAnswers(429, new { error = new { message = "Rate limit reached" } }, retryAfter: "2", scenario: "create", next: "created");
        CreateAnswers(200, Job("queued"), scenario: "create");
        PollsAnswer(Job("completed"));

        var (media, elapsed) = await _host.RunAsync(() => _host.Videos.GenerateVideoAsync(new VideoRequest("p", 8, "9:16")));

        Assert.Equal(Mp4, media.Content);
        Assert.Equal(2, _host.RequestsTo("POST", "/v1/videos").Count);
        // RETRY_BASE_DELAY_MS and the poll interval are 0: the only wait is the honoured Retry-After.
        Assert.Equal(TimeSpan.FromSeconds(2), elapsed);
    }

    [Fact]
    public async Task Server_errors_on_create_fail_after_MAX_RETRIES_plus_one_attempts_and_nothing_is_polled()
    {
        CreateAnswers(502, new { error = new { message = "Bad gateway upstream" } });
        var started = false;

        var failure = await Assert.ThrowsAsync<ProviderException>(() => _host.Videos.GenerateVideoAsync(
            new VideoRequest("p", 8, "9:16", OnOperationStarted: (_, _) => { started = true; return Task.CompletedTask; })));

        Assert.Equal(3, _host.RequestsTo("POST", "/v1/videos").Count);
        Assert.True(failure.IsRetryable);
        Assert.Contains("Bad gateway upstream", failure.Message);
        Assert.False(started);
        Assert.Empty(_host.RequestsTo("GET", JobPath));
    }

    [Fact]
    public async Task Rejected_create_is_not_retried()
    {
        CreateAnswers(400, new { error = new { message = "Your prompt violates our content policy", code = "content_policy_violation" } });

        var failure = await Assert.ThrowsAsync<ProviderException>(() => _host.Videos.GenerateVideoAsync(new VideoRequest("p", 8, "9:16")));

        Assert.Single(_host.Requests);
        Assert.False(failure.IsRetryable);
        Assert.Contains("content policy", failure.Message);
    }

    [Fact]
    public async Task Garbage_create_answer_is_a_clear_failure()
    {
        _host.Server.Given(Request.Create().WithPath("/v1/videos").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("<<< not json >>>"));

        var failure = await Assert.ThrowsAsync<ProviderException>(() => _host.Videos.GenerateVideoAsync(new VideoRequest("p", 8, "9:16")));

        Assert.False(failure.IsRetryable);
        Assert.Contains("not the expected JSON", failure.Message);
    }

    [Fact]
    public async Task Polling_waits_the_interval_and_gives_up_after_the_poll_timeout_with_a_retryable_failure()
    {
        using var host = ProviderTestHost.Start(("VIDEO_PROVIDER", "sora"),
            ("VIDEO_POLL_INTERVAL_SECONDS", "10"), ("VIDEO_POLL_TIMEOUT_SECONDS", "30"));
        host.Server.Given(Request.Create().WithPath("/v1/videos").UsingPost()).RespondWith(Response.Create().WithBodyAsJson(Job("queued")));
        host.Server.Given(Request.Create().WithPath(JobPath).UsingGet()).RespondWith(Response.Create().WithBodyAsJson(Job("in_progress")));

        var (failure, elapsed) = await host.RunAsync(() =>
            Record.ExceptionAsync(() => host.Videos.GenerateVideoAsync(new VideoRequest("p", 8, "9:16"))));

        var providerFailure = Assert.IsType<ProviderException>(failure);
        Assert.True(providerFailure.IsRetryable);
        Assert.Contains(Id, providerFailure.Message);
        // Polls at 10, 20 and 30 s of simulated time; the one at 30 s reaches the timeout.
        Assert.Equal(3, host.RequestsTo("GET", JobPath).Count);
        Assert.Equal(TimeSpan.FromSeconds(30), elapsed);
    }

    [Fact]
    public async Task Create_that_times_out_is_not_submitted_again_because_the_job_may_exist()
    {
        using var silent = new SilentServer().Start();
        using var host = ProviderTestHost.Start([silent], ("VIDEO_PROVIDER", "sora"), ("SORA_API_BASE", silent.Url), ("REQUEST_TIMEOUT_SECONDS", "1"));
        var started = false;

        var (failure, elapsed) = await host.RunAsync(() => Record.ExceptionAsync(() => host.Videos.GenerateVideoAsync(
            new VideoRequest("p", 8, "9:16", OnOperationStarted: (_, _) => { started = true; return Task.CompletedTask; }))));

        var providerFailure = Assert.IsType<ProviderException>(failure);
        Assert.Contains("timed out", providerFailure.Message);
        Assert.True(providerFailure.IsRetryable);
        Assert.Equal(["POST /v1/videos HTTP/1.1"], silent.RequestLines);
        Assert.False(started);
        // One attempt of REQUEST_TIMEOUT_SECONDS, no second submission.
        Assert.Equal(TimeSpan.FromSeconds(1), elapsed);
    }
}
