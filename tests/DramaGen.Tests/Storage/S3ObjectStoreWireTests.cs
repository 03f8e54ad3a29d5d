using DramaGen.Configuration;
using DramaGen.Storage;
using WireMock.Server;
using Request = WireMock.RequestBuilders.Request;
using Response = WireMock.ResponseBuilders.Response;

namespace DramaGen.Tests.Storage;

/// <summary>
/// What the S3 store sends and how it reads answers s3rver cannot give: s3rver ignores If-Match, R2 honours it.
/// </summary>
public sealed class S3ObjectStoreWireTests : IDisposable
{
    private const string Bucket = "wire-bucket";
    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly S3ObjectStore _store;

    public S3ObjectStoreWireTests()
    {
        // The SDK addresses the bucket itself as "/bucket/".
        _server.Given(Request.Create().WithPath($"/{Bucket}", $"/{Bucket}/").UsingHead()).RespondWith(Response.Create().WithStatusCode(200));
        _store = S3ObjectStoreTests.Create(new StorageOptions
        {
            R2Endpoint = _server.Url, R2AccessKeyId = "key", R2SecretAccessKey = "secret", R2Bucket = Bucket,
        });
    }

    [Fact]
    public async Task Put_with_an_etag_sends_if_match_and_maps_412_to_a_conflict()
    {
        _server.Given(Request.Create().WithPath($"/{Bucket}/dramas/d1/drama.json").UsingPut())
            .RespondWith(Response.Create().WithStatusCode(412).WithHeader("Content-Type", "application/xml")
                .WithBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>"));

        var conflict = await Assert.ThrowsAsync<StoreConflictException>(
            () => _store.PutAsync("dramas/d1/drama.json", "{}"u8.ToArray(), "application/json", ifMatch: "\"0123abcd\""));

        Assert.Equal("dramas/d1/drama.json", conflict.Key);
        var put = Assert.Single(_server.LogEntries, entry => entry.RequestMessage.Method == "PUT");
        Assert.Equal("\"0123abcd\"", put.RequestMessage.Headers!["If-Match"].Single());
    }

    [Fact]
    public async Task A_conditional_request_conflict_is_a_conflict_too()
    {
        _server.Given(Request.Create().WithPath($"/{Bucket}/k.json").UsingPut())
            .RespondWith(Response.Create().WithStatusCode(409).WithHeader("Content-Type", "application/xml")
                .WithBody("<Error><Code>ConditionalRequestConflict</Code><Message>A conflicting operation occurred</Message></Error>"));

        await Assert.ThrowsAsync<StoreConflictException>(() => _store.PutAsync("k.json", "{}"u8.ToArray(), "application/json", ifMatch: "\"e\""));
    }

    [Fact]
    public async Task An_if_match_on_a_key_deleted_meanwhile_is_a_conflict_as_aws_answers_it()
    {
        _server.Given(Request.Create().WithPath($"/{Bucket}/gone.json").UsingPut())
            .RespondWith(Response.Create().WithStatusCode(404).WithHeader("Content-Type", "application/xml")
                .WithBody("<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>"));

        await Assert.ThrowsAsync<StoreConflictException>(() => _store.PutAsync("gone.json", "{}"u8.ToArray(), "application/json", ifMatch: "\"e\""));
    }

    [Fact]
    public async Task Put_if_absent_sends_if_none_match_star()
    {
        _server.Given(Request.Create().WithPath($"/{Bucket}/new.json").UsingPut())
            .RespondWith(Response.Create().WithStatusCode(412).WithHeader("Content-Type", "application/xml")
                .WithBody("<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>"));

        await Assert.ThrowsAsync<StoreConflictException>(() => _store.PutAsync("new.json", "{}"u8.ToArray(), "application/json", ifAbsent: true));

        var put = Assert.Single(_server.LogEntries, entry => entry.RequestMessage.Method == "PUT");
        Assert.Equal("*", put.RequestMessage.Headers!["If-None-Match"].Single());
        Assert.False(put.RequestMessage.Headers.ContainsKey("If-Match"));
    }

    [Fact]
    public async Task Put_without_an_etag_sends_no_if_match_and_returns_the_servers_etag()
    {
        _server.Given(Request.Create().WithPath($"/{Bucket}/k.json").UsingPut())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("ETag", "\"fresh\""));

        var info = await _store.PutAsync("k.json", "{}"u8.ToArray(), "application/json");

        Assert.Equal("\"fresh\"", info.ETag);
        var put = Assert.Single(_server.LogEntries, entry => entry.RequestMessage.Method == "PUT");
        var headers = put.RequestMessage.Headers!;
        Assert.False(headers.ContainsKey("If-Match"));
        Assert.Equal("{}", put.RequestMessage.Body);
        // R2 refuses the SDK's default streaming signatures and CRC32 trailers.
        var payloadHash = headers.Single(h => h.Key.Equals("x-amz-content-sha256", StringComparison.OrdinalIgnoreCase)).Value.Single();
        Assert.Equal("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", payloadHash); // SHA-256 of "{}"
        Assert.DoesNotContain(headers.Keys, name => name.StartsWith("x-amz-checksum", StringComparison.OrdinalIgnoreCase)
            || name.Equals("x-amz-trailer", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_server_error_is_not_mistaken_for_a_missing_key()
    {
        _server.Given(Request.Create().WithPath($"/{Bucket}/k.json").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(403).WithHeader("Content-Type", "application/xml")
                .WithBody("<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"));

        await Assert.ThrowsAnyAsync<Exception>(() => _store.GetAsync("k.json"));
    }

    public void Dispose()
    {
        _store.Dispose();
        _server.Stop();
        _server.Dispose();
    }
}
