using System.Net;
using Amazon.S3;
using DramaGen.Configuration;
using DramaGen.Generation.Media;
using DramaGen.Storage;
using DramaGen.Tests.VirtualTime;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DramaGen.Tests.Generation.Media;

/// <summary>A node's upload rides out a short storage outage with backoff on the clock, and gives up after its retries.</summary>
public sealed class MediaUploadRetryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dramagen-upload-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static MediaToSave Media() => new("u1", "p1", "asset_1", "image", "portrait", [1, 2, 3], "image/png", "job_1", "a prompt");

    [Fact]
    public async Task An_upload_failing_twice_with_a_503_is_retried_after_1_and_2_seconds_and_lands()
    {
        var time = new WatchedTimeProvider(new FakeTimeProvider());
        var store = new OutageStore(new LocalObjectStore(Options.Create(new StorageOptions { StorageDir = _root })), failures: 2);
        var sink = new ObjectStoreMediaSink(store, time);
        var started = time.GetUtcNow();

        var saving = sink.SaveAsync(Media());
        await new VirtualTimeDriver(time.Clock, time).RunUntilAsync(saving);
        var saved = await saving;

        Assert.Equal(TimeSpan.FromSeconds(3), time.GetUtcNow() - started);
        Assert.Equal(4, store.Puts);
        Assert.NotNull(await store.GetAsync(saved.Key));
    }

    [Fact]
    public async Task An_upload_failing_beyond_its_retries_fails_with_the_storage_error()
    {
        var time = new WatchedTimeProvider(new FakeTimeProvider());
        var store = new OutageStore(new LocalObjectStore(Options.Create(new StorageOptions { StorageDir = _root })), failures: int.MaxValue);
        var saving = new ObjectStoreMediaSink(store, time).SaveAsync(Media());

        await new VirtualTimeDriver(time.Clock, time).RunUntilAsync(saving);

        await Assert.ThrowsAsync<AmazonS3Exception>(() => saving);
        Assert.Equal(1 + StorageRetry.Backoff.Count, store.Puts);
    }

    /// <summary>A store whose first puts fail as S3 does during an outage (503 Service Unavailable).</summary>
    private sealed class OutageStore(IObjectStore inner, int failures) : IObjectStore
    {
        private int _puts;

        public int Puts => Volatile.Read(ref _puts);
        public string Kind => inner.Kind;
        public Task<StoredObject?> GetAsync(string key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);
        public Task<StoredObjectInfo?> HeadAsync(string key, CancellationToken cancellationToken = default) => inner.HeadAsync(key, cancellationToken);
        public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default) => inner.OpenReadAsync(key, cancellationToken);
        public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);
        public IAsyncEnumerable<StoredObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);
        public string GetPublicUrl(string key) => inner.GetPublicUrl(key);
        public Task CheckHealthAsync(CancellationToken cancellationToken = default) => inner.CheckHealthAsync(cancellationToken);

        public Task<StoredObjectInfo> PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, string? ifMatch = null,
            CancellationToken cancellationToken = default) =>
            Interlocked.Increment(ref _puts) <= failures
                ? Task.FromException<StoredObjectInfo>(new AmazonS3Exception("Service Unavailable") { StatusCode = HttpStatusCode.ServiceUnavailable })
                : inner.PutAsync(key, content, contentType, ifMatch, cancellationToken);

        public Task<StoredObjectInfo> PutAsync(string key, Stream content, string contentType, string? ifMatch = null,
            CancellationToken cancellationToken = default) =>
            Interlocked.Increment(ref _puts) <= failures
                ? Task.FromException<StoredObjectInfo>(new AmazonS3Exception("Service Unavailable") { StatusCode = HttpStatusCode.ServiceUnavailable })
                : inner.PutAsync(key, content, contentType, ifMatch, cancellationToken);
    }
}
