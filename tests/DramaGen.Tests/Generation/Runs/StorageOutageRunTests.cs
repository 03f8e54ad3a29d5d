using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DramaGen.Configuration;
using DramaGen.Generation.Media;
using DramaGen.Generation.Runs;
using DramaGen.Generation.Scheduling;
using DramaGen.Storage;
using DramaGen.Tests.Storage;
using DramaGen.Tests.VirtualTime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DramaGen.Tests.Generation.Runs;

/// <summary>
/// s3rver (a real S3 protocol server) is stopped in the middle of a run, at the moment the first node uploads its
/// media, and started again: clients get 503 problems naming storage meanwhile; the node's upload is retried on the
/// virtual clock and lands when storage returns within the node's budget, or the node fails with a storage reason
/// once the budget is spent; either way the run's last drama write-back lands after storage returns, before the run's
/// job ends, so the drama's asset statuses match the jobs. REQUEST_TIMEOUT_SECONDS=5 and MAX_RETRIES=0 make the
/// node's budget 5 s: upload attempts at 0, 1 and 3 s.
/// </summary>
public sealed class StorageOutageRunTests : IAsyncLifetime
{
    private readonly S3rverFixture _s3 = new();
    private readonly WatchedTimeProvider _time = new(new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T10:00:00Z")));
    private ObservedSink? _sink;

    public Task InitializeAsync() => _s3.InitializeAsync();

    public Task DisposeAsync() => _s3.DisposeAsync();

    private static JsonObject Drama(string id) => new()
    {
        ["id"] = id,
        ["title"] = "Outage",
        ["premise"] = "The storage goes down.",
        ["characters"] = new JsonArray(new JsonObject { ["id"] = "c1", ["name"] = "Ann", ["description"] = "A clerk." }),
        ["episodes"] = new JsonArray(new JsonObject
        {
            ["id"] = "e1", ["title"] = "One",
            ["scenes"] = new JsonArray(new JsonObject
            {
                ["id"] = "s1", ["title"] = "Down", ["description"] = "The lights go out.", ["characters"] = new JsonArray("c1"),
                ["assets"] = new JsonArray(new JsonObject { ["id"] = "a1", ["type"] = "video", ["tag"] = "clip", ["prompt"] = "Lights out", ["durationSeconds"] = 1 }),
            }),
        }),
    };

    private DramaGenApplication App() => new(new Dictionary<string, string?>
    {
        ["R2_ENDPOINT"] = _s3.Endpoint, ["R2_ACCESS_KEY_ID"] = "S3RVER", ["R2_SECRET_ACCESS_KEY"] = "S3RVER",
        ["R2_BUCKET"] = S3rverFixture.NewBucket(), ["R2_ACCOUNT_ID"] = "s3rver",
        ["REQUEST_TIMEOUT_SECONDS"] = "5", ["MAX_RETRIES"] = "0",
        ["IMAGE_MAX_CONCURRENCY"] = "1", ["LOCAL_MEDIA_SIZE"] = "64",
    }, services =>
    {
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton<IGeneratedMediaSink>(provider => new ObservedSink(new ObservedStore(provider.GetRequiredService<IObjectStore>()),
            _time, provider.GetRequiredService<IOptions<ProvidersOptions>>()));
    });

    /// <summary>Starts a run of drama_outage (drama_other stays idle) and stops s3rver when the first node uploads its media.</summary>
    private async Task<(HttpClient Client, string Location, VirtualTimeDriver Driver, Task Finished)> RunIntoOutageAsync(DramaGenApplication app)
    {
        var client = app.CreateClient();
        _sink = (ObservedSink)app.Services.GetRequiredService<IGeneratedMediaSink>();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/dramas", Drama("drama_outage"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/dramas", Drama("drama_other"))).StatusCode);
        var accepted = await client.PostAsync("/dramas/drama_outage/generate", null);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var location = accepted.Headers.Location!.OriginalString;
        var finished = app.Services.GetRequiredService<GenerationRuns>().WhenFinishedAsync(location.Split('/')[^1]);
        await _sink!.FirstSave.WaitAsync(JobWaiting.Budget);
        _s3.Stop();
        await AssertStorageProblemsAsync(client);
        _sink.Release();
        var driver = new VirtualTimeDriver(_time.Clock, new UploadWaits(_time, app.Services.GetRequiredService<SchedulerActivity>(), _sink));
        return (client, location, driver, finished);
    }

    private static async Task AssertStorageProblemsAsync(HttpClient client)
    {
        var answers = new[]
        {
            await client.GetAsync("/dramas/drama_outage"),
            await client.GetAsync("/dramas"),
            await client.PatchAsync("/dramas/drama_other", JsonContent.Create(new JsonObject { ["title"] = "Edited in the dark" })),
            await client.PostAsync("/dramas/drama_other/generate", null),
            await client.GetAsync("/health"),
        };
        foreach (var answer in answers)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        }
        foreach (var answer in answers[..^1])
        {
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
            var problem = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal("Storage unavailable", problem["title"]!.GetValue<string>());
            Assert.Contains("object store (s3)", problem["detail"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Storage_back_within_the_node_budget_lets_the_upload_land_and_the_run_complete_with_the_drama_matching_its_jobs()
    {
        await using var app = App();
        var (client, location, driver, finished) = await RunIntoOutageAsync(app);

        await driver.RunUntilAsync(finished, () => _sink!.Store.FailedPuts >= 2);
        Assert.Equal(0, _sink!.GaveUp);
        await _s3.RestartAsync();
        await driver.RunUntilAsync(finished);

        var parent = await client.WaitForJobAsync(location);
        Assert.True(JobWaiting.Status(parent) == "completed", parent.ToJsonString());
        Assert.All(parent["jobs"]!.AsArray(), child => Assert.Equal("completed", JobWaiting.Status(child!.AsObject())));
        Assert.Equal(0, _sink.GaveUp);
        Assert.True(_sink.Store.FailedPuts >= 2);
        await AssertDramaMatchesJobsAsync(client, parent);
        // The edit refused during the outage changed nothing.
        Assert.Equal("Outage", (await client.GetFromJsonAsync<JsonObject>("/dramas/drama_other"))!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Storage_down_past_the_node_budget_fails_the_node_naming_storage_and_the_run_ends_once_its_write_back_lands()
    {
        await using var app = App();
        var (client, location, driver, finished) = await RunIntoOutageAsync(app);

        await driver.RunUntilAsync(finished, () => _sink!.GaveUp == 1);
        var ended = await client.WaitForJobAsync(location,
            until: parent => parent["jobs"]!.AsArray().All(child => JobWaiting.IsFinished(child!.AsObject())));

        // Every node has ended, but the run's job waits for its drama write-back, which storage cannot take yet.
        Assert.Equal("running", JobWaiting.Status(ended));
        var statuses = ended["jobs"]!.AsArray().Select(child => child!.AsObject())
            .ToDictionary(child => child["asset_id"]!.GetValue<string>(), child => child);
        Assert.Equal("failed", JobWaiting.Status(statuses["char_c1"]));
        Assert.StartsWith("storage (s3): the object store still failed after 3 attempts", statuses["char_c1"]["error"]!.GetValue<string>());
        Assert.Equal("skipped", JobWaiting.Status(statuses["scene_e1_s1"]));
        Assert.Equal("skipped", JobWaiting.Status(statuses["scene_asset_e1_s1_a1"]));
        Assert.False(finished.IsCompleted);

        await _s3.RestartAsync();
        await driver.RunUntilAsync(finished);

        var parent = await client.WaitForJobAsync(location);
        Assert.Equal("failed", JobWaiting.Status(parent));
        await AssertDramaMatchesJobsAsync(client, parent);
    }

    /// <summary>The scene asset's status and url are its job's; the storyboard and portrait urls are their jobs'.</summary>
    private static async Task AssertDramaMatchesJobsAsync(HttpClient client, JsonObject parent)
    {
        var jobs = parent["jobs"]!.AsArray().Select(child => child!.AsObject()).ToList();
        var drama = (await client.GetFromJsonAsync<JsonObject>("/dramas/drama_outage"))!;
        var scene = drama["episodes"]![0]!["scenes"]![0]!;
        var asset = scene["assets"]![0]!;
        var assetJob = jobs.Single(job => job["asset_id"]!.GetValue<string>() == "scene_asset_e1_s1_a1");
        Assert.Equal(JobWaiting.Status(assetJob), asset["status"]!.GetValue<string>());
        Assert.Equal(assetJob["r2_url"]?.GetValue<string>(), asset["url"]?.GetValue<string>());
        var completedImages = jobs.Where(job => JobWaiting.Status(job) == "completed" && job["r2_url"]?.GetValue<string>() is { } url && url.Contains(".png"))
            .Select(job => job["r2_url"]!.GetValue<string>()).Order().ToList();
        var imageUrls = new[] { drama["characters"]![0]!["imageUrl"]?.GetValue<string>(), scene["imageUrl"]?.GetValue<string>() }
            .OfType<string>().Order().ToList();
        Assert.Equal(completedImages, imageUrls);
    }

    /// <summary>
    /// The engine is blocked on the clock when every node it works on is inside an upload whose retry backoff is armed
    /// (its own timer, told from the checkpoint loop's by its tag), with no put in flight; or, with no node at work, when
    /// some timer is armed (the run's write-back retrying). Everything is read at one moment: if a timer moved meanwhile,
    /// the answer is "not yet".
    /// </summary>
    private sealed class UploadWaits(WatchedTimeProvider time, SchedulerActivity activity, ObservedSink sink) : IClockWaits
    {
        public bool AllWaiting(DateTimeOffset now, out DateTimeOffset next)
        {
            var armed = time.Snapshot();
            var (saving, puts, active) = (sink.Saving, sink.Store.PutsInFlight, activity.Active);
            next = armed.All.Count == 0 ? now : armed.All.Min();
            var blocked = saving == 0
                ? active == 0 && armed.Waits.Count > 0
                : puts == 0 && active == saving && armed.WaitsTagged(ObservedSink.UploadTag, now) == saving;
            return blocked && next > now && time.Version == armed.Version;
        }

        public string Describe(DateTimeOffset now) =>
            $"active={activity.Active}, saving={sink.Saving}, puts in flight={sink.Store.PutsInFlight}; {time.Describe(now)}";
    }

    /// <summary>The real media sink over the app's store; holds the first save until released and counts what it sees.</summary>
    private sealed class ObservedSink(ObservedStore store, TimeProvider time, IOptions<ProvidersOptions> providers) : IGeneratedMediaSink
    {
        private readonly ObjectStoreMediaSink _inner = new(store, time, providers);
        private readonly TaskCompletionSource _firstSave = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _saving, _gaveUp;

        /// <summary>Marks the timers an upload arms (its retry backoff).</summary>
        public const string UploadTag = "upload";

        public ObservedStore Store => store;
        public Task FirstSave => _firstSave.Task;
        public int Saving => Volatile.Read(ref _saving);
        public int GaveUp => Volatile.Read(ref _gaveUp);

        public void Release() => _released.TrySetResult();

        public async Task<SavedMedia> SaveAsync(MediaToSave media, CancellationToken cancellationToken = default)
        {
            _firstSave.TrySetResult();
            await _released.Task;
            Interlocked.Increment(ref _saving);
            try
            {
                using var tagged = WatchedTimeProvider.Tagged(UploadTag);
                return await _inner.SaveAsync(media, cancellationToken);
            }
            catch (StorageUnavailableException)
            {
                Interlocked.Increment(ref _gaveUp);
                throw;
            }
            finally
            {
                Interlocked.Decrement(ref _saving);
            }
        }
    }

    /// <summary>The app's real S3 store, counting puts in flight and puts that failed.</summary>
    private sealed class ObservedStore(IObjectStore inner) : DelegatingObjectStore(inner)
    {
        private int _inFlight, _failed;

        public int PutsInFlight => Volatile.Read(ref _inFlight);
        public int FailedPuts => Volatile.Read(ref _failed);

        protected override async Task<StoredObjectInfo> PutThroughAsync(Func<Task<StoredObjectInfo>> put)
        {
            Interlocked.Increment(ref _inFlight);
            try
            {
                return await put();
            }
            catch
            {
                Interlocked.Increment(ref _failed);
                throw;
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }
}
