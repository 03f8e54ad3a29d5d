using System.Net;
using Amazon.S3;
using DramaGen.Configuration;
using DramaGen.Generation.Media;
using DramaGen.Storage;
using DramaGen.Tests.Storage;
using DramaGen.Tests.VirtualTime;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DramaGen.Tests.Generation.Media;

/// <summary>
/// A node's upload rides out a storage outage with backoff on the clock (1 s doubling to 30 s) for as long as the node's
/// budget lasts (REQUEST_TIMEOUT_SECONDS x (MAX_RETRIES + 1) + 30 s x MAX_RETRIES), then fails naming storage.
/// </summary>
public sealed class MediaUploadRetryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dramagen-upload-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static MediaToSave Media() => new("u1", "p1", "asset_1", "image", "portrait", [1, 2, 3], "image/png", "job_1", "a prompt");

    /// <summary>REQUEST_TIMEOUT_SECONDS=10, MAX_RETRIES=1: a budget of 10 x 2 + 30 x 1 = 50 s.</summary>
    private static IOptions<ProvidersOptions> FiftySecondBudget() => Options.Create(new ProvidersOptions { RequestTimeoutSeconds = 10, MaxRetries = 1 });

    [Fact]
    public async Task An_upload_failing_twice_with_a_503_is_retried_after_1_and_2_seconds_and_lands()
    {
        var time = new WatchedTimeProvider(new FakeTimeProvider());
        var store = new OutageStore(new LocalObjectStore(Options.Create(new StorageOptions { StorageDir = _root })), failures: 2);
        var sink = new ObjectStoreMediaSink(store, time, FiftySecondBudget());
        var started = time.GetUtcNow();

        var saving = sink.SaveAsync(Media());
        await new VirtualTimeDriver(time.Clock, time).RunUntilAsync(saving);
        var saved = await saving;

        Assert.Equal(TimeSpan.FromSeconds(3), time.GetUtcNow() - started);
        Assert.Equal(4, store.Puts);
        Assert.NotNull(await store.GetAsync(saved.Key));
    }

    [Fact]
    public async Task An_outage_shorter_than_the_budget_is_ridden_out_with_doubling_waits()
    {
        var time = new WatchedTimeProvider(new FakeTimeProvider());
        var store = new OutageStore(new LocalObjectStore(Options.Create(new StorageOptions { StorageDir = _root })), failures: 5);
        var started = time.GetUtcNow();

        var saving = new ObjectStoreMediaSink(store, time, FiftySecondBudget()).SaveAsync(Media());
        await new VirtualTimeDriver(time.Clock, time).RunUntilAsync(saving);
        var saved = await saving;

        // Attempts at 0, 1, 3, 7 and 15 s fail; the one at 31 s lands (bytes, then metadata at once).
        Assert.Equal(TimeSpan.FromSeconds(31), time.GetUtcNow() - started);
        Assert.Equal(7, store.Puts);
        Assert.NotNull(await store.GetAsync(saved.Key));
    }

    [Fact]
    public async Task An_upload_failing_past_the_node_budget_fails_naming_storage_when_the_next_wait_would_overrun_it()
    {
        var time = new WatchedTimeProvider(new FakeTimeProvider());
        var store = new OutageStore(new LocalObjectStore(Options.Create(new StorageOptions { StorageDir = _root })), failures: int.MaxValue);
        var started = time.GetUtcNow();
        var sink = new ObjectStoreMediaSink(store, time, FiftySecondBudget());
        var saving = sink.SaveAsync(Media());

        await new VirtualTimeDriver(time.Clock, time).RunUntilAsync(saving);

        var failure = await Assert.ThrowsAsync<StorageUnavailableException>(() => saving);
        Assert.IsType<AmazonS3Exception>(failure.InnerException);
        Assert.Contains("6 attempts", failure.Message);
        // Attempts at 0, 1, 3, 7, 15 and 31 s; the next wait (30 s) would end past the 50 s budget, so it fails at 31 s.
        Assert.Equal(TimeSpan.FromSeconds(50), sink.UploadBudget);
        Assert.Equal(TimeSpan.FromSeconds(31), time.GetUtcNow() - started);
        Assert.Equal(6, store.Puts);
    }

    [Fact]
    public void The_default_budget_is_what_a_provider_call_may_take_with_its_retries()
    {
        var sink = new ObjectStoreMediaSink(new LocalObjectStore(Options.Create(new StorageOptions { StorageDir = _root })), TimeProvider.System,
            Options.Create(new ProvidersOptions()));

        // REQUEST_TIMEOUT_SECONDS 120 x 3 attempts + 30 s backoff x 2 retries.
        Assert.Equal(TimeSpan.FromSeconds(420), sink.UploadBudget);
    }

    /// <summary>A store whose first puts fail as S3 does during an outage (503 Service Unavailable).</summary>
    private sealed class OutageStore(IObjectStore inner, int failures) : DelegatingObjectStore(inner)
    {
        private int _puts;

        public int Puts => Volatile.Read(ref _puts);

        protected override Task<StoredObjectInfo> PutThroughAsync(Func<Task<StoredObjectInfo>> put) =>
            Interlocked.Increment(ref _puts) <= failures
                ? Task.FromException<StoredObjectInfo>(new AmazonS3Exception("Service Unavailable") { StatusCode = HttpStatusCode.ServiceUnavailable })
                : put();
    }
}
