using DramaGen.Configuration;
using DramaGen.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DramaGen.Tests.Storage;

[Collection(S3rverCollection.Name)]
public sealed class S3ObjectStoreTests(S3rverFixture s3rver) : ObjectStoreContractTests, IDisposable
{
    // s3rver ignores write conditions: the contract (If-Match, If-None-Match: *) is checked through the layer enforcing them as S3 does.
    private readonly S3ObjectStore _store = Create(s3rver.EnforcingOptions(S3rverFixture.NewBucket()));

    protected override IObjectStore Store => _store;

    protected override bool ListsXmlSpecialCharactersFaithfully => false;

    [Fact]
    public async Task List_follows_continuation_tokens_across_pages()
    {
        var bucket = S3rverFixture.NewBucket();
        using var paged = Create(s3rver.Options(bucket), pageSize: 3);
        var keys = Enumerable.Range(0, 10).Select(i => $"page/{i:D2}.txt").ToList();
        foreach (var key in keys)
        {
            await paged.PutAsync(key, "x"u8.ToArray(), "text/plain");
        }

        var listed = new List<string>();
        await foreach (var item in paged.ListAsync("page/"))
        {
            listed.Add(item.Key);
        }

        Assert.Equal(keys, listed);
    }

    [Fact]
    public async Task Without_a_public_url_the_url_is_a_presigned_get_that_works()
    {
        await _store.PutAsync("u/p/assets/clip one+.mp4", "not really a video"u8.ToArray(), "video/mp4");

        var url = _store.GetPublicUrl("u/p/assets/clip one+.mp4");

        Assert.Contains("X-Amz-Signature=", url);
        Assert.Contains("X-Amz-Expires=", url);
        using var http = new HttpClient();
        using var response = await http.GetAsync(url);
        response.EnsureSuccessStatusCode();
        Assert.Equal("not really a video", await response.Content.ReadAsStringAsync());
        Assert.Equal("video/mp4", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public void With_a_public_url_the_url_is_that_base_and_the_escaped_key()
    {
        using var store = Create(s3rver.Options("any", publicUrl: "https://pub-123.r2.dev/"));

        Assert.Equal("https://pub-123.r2.dev/10000/drama_1/assets/a%20b%2B%3D%40%28c%29.png",
            store.GetPublicUrl("10000/drama_1/assets/a b+=@(c).png"));
    }

    [Fact]
    public async Task Health_check_fails_when_the_server_is_down()
    {
        var options = s3rver.Options("any");
        options.R2Endpoint = $"http://127.0.0.1:{UnusedPort()}";
        using var store = Create(options);

        await Assert.ThrowsAnyAsync<Exception>(() => store.CheckHealthAsync());
    }

    [Fact]
    public async Task Health_check_makes_one_attempt_so_health_answers_promptly_when_storage_errs()
    {
        using var server = WireMock.Server.WireMockServer.Start();
        server.Given(WireMock.RequestBuilders.Request.Create().UsingAnyMethod())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(503));
        var options = s3rver.Options("any");
        options.R2Endpoint = server.Url;
        using var store = Create(options);

        await Assert.ThrowsAnyAsync<Exception>(() => store.CheckHealthAsync());

        // A 503 is retryable for the S3 client: a single request proves the probe does not back off and retry.
        Assert.Single(server.LogEntries);
    }

    [Fact]
    public async Task Health_check_creates_a_missing_bucket_off_R2()
    {
        var options = s3rver.Options(S3rverFixture.NewBucket());
        using var fresh = Create(options);

        await fresh.CheckHealthAsync();

        using var client = S3ClientFactory.Create(options);
        await client.HeadBucketAsync(new Amazon.S3.Model.HeadBucketRequest { BucketName = options.R2Bucket });
    }

    [Fact]
    public async Task Stores_sharing_a_bucket_see_each_others_objects()
    {
        var bucket = S3rverFixture.NewBucket();
        using var writer = Create(s3rver.Options(bucket));
        using var reader = Create(s3rver.Options(bucket));

        await writer.PutAsync("shared.txt", "hi"u8.ToArray(), "text/plain");

        Assert.Equal("hi"u8.ToArray(), (await reader.GetAsync("shared.txt"))!.Content);
    }

    [Theory]
    [InlineData("http://127.0.0.1:4568", true)]
    [InlineData("http://minio:9000", true)]
    [InlineData("https://abc123.r2.cloudflarestorage.com", false)]
    [InlineData("https://abc123.eu.r2.cloudflarestorage.com", false)]
    public void Buckets_are_created_only_off_R2(string endpoint, bool mayCreate)
    {
        Assert.Equal(mayCreate, S3ClientFactory.MayCreateBucket(new StorageOptions { R2Endpoint = endpoint }));
        Assert.False(S3ClientFactory.MayCreateBucket(new StorageOptions { R2AccountId = "abc123" }));
    }

    public void Dispose() => _store.Dispose();

    internal static S3ObjectStore Create(StorageOptions options, int pageSize = 1000) =>
        new(Options.Create(options), TimeProvider.System, NullLogger<S3ObjectStore>.Instance) { ListPageSize = pageSize };

    internal static int UnusedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
