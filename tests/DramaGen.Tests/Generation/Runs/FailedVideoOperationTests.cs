using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DramaGen.Generation.Planning;
using DramaGen.Generation.Runs;
using DramaGen.Jobs;
using DramaGen.Tests.Providers;
using DramaGen.Tests.Providers.Sora;
using DramaGen.Tests.Providers.Veo;
using Microsoft.Extensions.Time.Testing;
using WireMock.Server;

namespace DramaGen.Tests.Generation.Runs;

/// <summary>
/// A video operation that failed at the provider (the Veo and Sora stub servers, enforcing their real rules) can never
/// succeed: the node resumed, or regenerated after its prompt was edited, submits a new operation, and the failed one is
/// never polled again. Through the whole service, with the real provider clients. An operation the node merely stopped
/// polling (it may still finish) is polled again instead of paid for twice, also after a resume refused it for its budget.
/// </summary>
public sealed class FailedVideoOperationTests
{
    private const string DramaId = "drama_failed_op";
    private const string VideoNode = "scene_asset_e1_s1_a1";

    /// <summary>One video provider behind its stub: the service's settings, its failed and good operation ids, its traffic.</summary>
    private sealed record VideoStub(WireMockServer Server, Dictionary<string, string?> Settings, string FailedOperation, string GoodOperation,
        string SubmitPathEnd, string PollPrefix) : IDisposable
    {
        public static VideoStub Start(string provider)
        {
            var server = WireMockServer.Start();
            var settings = new Dictionary<string, string?>
            {
                ["VIDEO_PROVIDER"] = provider, ["SPEECH_PROVIDER"] = "local",
                ["VIDEO_POLL_INTERVAL_SECONDS"] = "0", ["RETRY_BASE_DELAY_MS"] = "0", ["MAX_RETRIES"] = "0", ["LOCAL_MEDIA_SIZE"] = "64",
            };
            if (provider == "veo")
            {
                _ = new VeoStub(server, ProviderTestHost.Key, VeoSampleDelivery.Uri, failingOperations: 1);
                settings["GEMINI_API_KEY"] = ProviderTestHost.Key;
                settings["GEMINI_API_BASE"] = server.Url;
                return new VideoStub(server, settings, VeoStub.FailedOperation(1), VeoStub.Operation, ":predictLongRunning", "/v1beta/");
            }
            _ = new SoraStub(server, failingVideos: 1);
            settings["SORA_API_KEY"] = ProviderTestHost.Key;
            settings["SORA_API_BASE"] = server.Url;
            return new VideoStub(server, settings, SoraStub.FailedVideoId(1), SoraStub.VideoId, "/v1/videos", "/v1/videos/");
        }

        public int Submissions => Server.LogEntries.Count(entry => entry.RequestMessage.Method == "POST" && entry.RequestMessage.Path.EndsWith(SubmitPathEnd, StringComparison.Ordinal));

        public int Polls(string operation) => Server.LogEntries.Count(entry => entry.RequestMessage.Method == "GET" && entry.RequestMessage.Path == PollPrefix + operation);

        public void Dispose() => Server.Stop();
    }

    private static JsonObject Drama() => new()
    {
        ["id"] = DramaId,
        ["title"] = "Failed operation",
        ["premise"] = "A ferry that will not sail.",
        ["characters"] = new JsonArray(new JsonObject { ["id"] = "c1", ["name"] = "Ann", ["description"] = "A ferry captain." }),
        ["episodes"] = new JsonArray(new JsonObject
        {
            ["id"] = "e1", ["title"] = "One",
            ["scenes"] = new JsonArray(new JsonObject
            {
                ["id"] = "s1", ["title"] = "Dock", ["description"] = "Fog at the dock.", ["characters"] = new JsonArray("c1"),
                ["assets"] = new JsonArray(new JsonObject { ["id"] = "a1", ["type"] = "video", ["tag"] = "clip", ["prompt"] = "The ferry stays moored", ["durationSeconds"] = 4 }),
            }),
        }),
    };

    /// <summary>A first run whose video operation fails at the provider.</summary>
    private static async Task<HttpClient> FailFirstRunAsync(DramaGenApplication app, VideoStub stub)
    {
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/dramas", Drama())).StatusCode);
        var failed = await client.WaitForJobAsync(await client.PostAsync($"/dramas/{DramaId}/generate", null));

        Assert.Equal("failed", JobWaiting.Status(failed));
        var video = VideoJob(failed);
        Assert.Equal("failed", JobWaiting.Status(video));
        Assert.Contains("failed", video["error"]!.GetValue<string>());
        Assert.Equal(stub.FailedOperation, video["metadata"]!["failed_operation_id"]!.GetValue<string>());
        Assert.Null(video["metadata"]!["operation_id"]);
        Assert.Equal(1, stub.Submissions);
        Assert.Equal(1, stub.Polls(stub.FailedOperation));
        return client;
    }

    private static JsonObject VideoJob(JsonObject parent) =>
        parent["jobs"]!.AsArray().Select(child => child!.AsObject()).Single(child => child["asset_id"]!.GetValue<string>() == VideoNode);

    private static void AssertNewOperation(VideoStub stub, JsonObject parent)
    {
        Assert.True(JobWaiting.Status(parent) == "completed", parent.ToJsonString());
        Assert.Equal(stub.GoodOperation, VideoJob(parent)["metadata"]!["operation_id"]!.GetValue<string>());
        Assert.Equal(2, stub.Submissions);
        // The failed operation was polled once, when it failed, and never again.
        Assert.Equal(1, stub.Polls(stub.FailedOperation));
    }

    [Theory]
    [InlineData("veo")]
    [InlineData("sora")]
    public async Task A_failed_operation_resumed_creates_a_new_operation_and_is_never_polled_again(string provider)
    {
        using var stub = VideoStub.Start(provider);
        await using var app = new DramaGenApplication(stub.Settings);
        var client = await FailFirstRunAsync(app, stub);

        var resumed = await client.WaitForJobAsync(await client.PostAsync($"/dramas/{DramaId}/resume", null));

        AssertNewOperation(stub, resumed);
    }

    [Theory]
    [InlineData("veo")]
    [InlineData("sora")]
    public async Task A_failed_operation_whose_prompt_was_edited_is_regenerated_with_a_new_operation_and_never_polled_again(string provider)
    {
        using var stub = VideoStub.Start(provider);
        await using var app = new DramaGenApplication(stub.Settings);
        var client = await FailFirstRunAsync(app, stub);
        var edited = await client.PatchAsync($"/dramas/{DramaId}/episodes/e1/scenes/s1/assets/a1",
            JsonContent.Create(new JsonObject { ["prompt"] = "The ferry slips its moorings" }));
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);

        var regenerated = await client.WaitForJobAsync(await client.PostAsync($"/dramas/{DramaId}/generate", null));

        AssertNewOperation(stub, regenerated);
        Assert.Equal("The ferry slips its moorings", VideoJob(regenerated)["prompt"]?.GetValue<string>());
    }

    /// <summary>A first run (in virtual time) whose only video's polling gives up while its operation still runs; returns that node.</summary>
    private static async Task<string> GiveUpPollingAsync(EngineHost host, string dramaId)
    {
        var drama = await host.CreateAsync(TestDramas.Generated(dramaId, characters: 1, episodes: 1, scenesPerEpisode: 1, auditions: false));
        var video = DramaGraph.Build(drama).Nodes.First(node => node.Capability == Capability.Video).Id;
        host.Video.Instrument.StillRunning[video] = $"operation op-{video} still running after 600 s of polling";
        var failed = await host.GenerateAsync(dramaId);
        var failedJob = host.Children(failed.JobId).Single(child => child.AssetId == video);
        Assert.Equal(JobStatus.Failed, failedJob.Status);
        Assert.Equal($"op-{video}", failedJob.Metadata["operation_id"]!.GetValue<string>());
        Assert.Null(failedJob.Metadata["failed_operation_id"]);
        host.Video.Instrument.StillRunning.Clear();
        host.ResetCalls();
        return video;
    }

    [Fact]
    public async Task A_video_whose_polling_gave_up_while_its_operation_ran_polls_that_operation_on_resume_instead_of_paying_again()
    {
        await using var host = await EngineHost.StartAsync(new FakeTimeProvider());
        var video = await GiveUpPollingAsync(host, "drama_poll_gave_up");

        var resumed = await host.FinishAsync((await host.Runs.ResumeAsync("drama_poll_gave_up")).Job!.JobId);

        Assert.Equal(JobStatus.Completed, resumed.Status);
        var call = Assert.Single(host.Video.Instrument.Calls, call => call.Node == video);
        Assert.Equal($"op-{video}", call.ExistingOperationId);
    }

    private static async Task<JobRecord> ResumeAsync(EngineHost host, string dramaId, GenerateRequest request)
    {
        var start = await host.Runs.ResumeAsync(dramaId, request: request);
        Assert.True(start.Status == RunStartStatus.Accepted, start.Detail);
        return await host.FinishAsync(start.Job!.JobId);
    }

    [Fact]
    public async Task A_video_refused_by_the_budget_keeps_its_running_operation_and_polls_it_once_the_budget_is_raised()
    {
        const string dramaId = "drama_budget_op";
        await using var host = await EngineHost.StartAsync(new FakeTimeProvider(), new Dictionary<string, string?>
        {
            ["PRICES:fake-video:*:per_video_second"] = "0.5",
        });
        var video = await GiveUpPollingAsync(host, dramaId);

        // A resume whose budget is below the clip's estimate: the node is not submitted, and its operation is not forgotten.
        var refusedRun = await ResumeAsync(host, dramaId, new GenerateRequest { MaxCostUsd = 0.01m, RunWhatFits = true });
        var refused = host.Children(refusedRun.JobId).Single(child => child.AssetId == video);
        Assert.Equal((JobStatus.Failed, "budget"), (refused.Status, refused.Metadata["reason"]?.GetValue<string>()));
        Assert.StartsWith("budget:", refused.Error);
        Assert.Null(refused.Metadata["failed_operation_id"]);
        Assert.Empty(host.Video.Instrument.Calls);

        var resumed = await ResumeAsync(host, dramaId, new GenerateRequest { MaxCostUsd = 1000m });

        Assert.Equal(JobStatus.Completed, resumed.Status);
        // Polled, never submitted again: the one call names the operation of the first run.
        var call = Assert.Single(host.Video.Instrument.Calls);
        Assert.Equal((video, $"op-{video}"), (call.Node, call.ExistingOperationId));
    }
}
