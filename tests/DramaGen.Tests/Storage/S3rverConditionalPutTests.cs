using System.Net;
using System.Net.Http.Headers;
using DramaGen.Storage;

namespace DramaGen.Tests.Storage;

/// <summary>
/// Why the S3 contract runs through <see cref="S3ConditionalWriteProxy"/>: s3rver stores a PUT whatever its If-Match or
/// If-None-Match says (S3 and R2 refuse it with 412), so a test of conditional writes against s3rver alone would pass
/// while proving nothing. Should s3rver start enforcing them, the first test fails and the proxy can go.
/// </summary>
[Collection(S3rverCollection.Name)]
public sealed class S3rverConditionalPutTests(S3rverFixture s3rver)
{
    [Fact]
    public async Task S3rver_alone_stores_a_put_whose_condition_fails()
    {
        using var direct = S3ObjectStoreTests.Create(s3rver.Options(S3rverFixture.NewBucket()));
        var first = await direct.PutAsync("k.json", "1"u8.ToArray(), "application/json");
        await direct.PutAsync("k.json", "2"u8.ToArray(), "application/json", ifMatch: first.ETag);

        await direct.PutAsync("k.json", "3"u8.ToArray(), "application/json", ifMatch: first.ETag);
        await direct.PutAsync("k.json", "4"u8.ToArray(), "application/json", ifAbsent: true);

        Assert.Equal("4"u8.ToArray(), (await direct.GetAsync("k.json"))!.Content);
    }

    [Fact]
    public async Task The_enforcing_layer_answers_a_failed_condition_with_s3s_412_precondition_failed()
    {
        var bucket = S3rverFixture.NewBucket();
        using var store = S3ObjectStoreTests.Create(s3rver.EnforcingOptions(bucket));
        var stored = await store.PutAsync("k.json", "1"u8.ToArray(), "application/json");
        using var http = new HttpClient { BaseAddress = new Uri(s3rver.ConditionalWrites.Endpoint) };
        var refusedBefore = s3rver.ConditionalWrites.Refused;

        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/{bucket}/k.json") { Content = new ByteArrayContent("2"u8.ToArray()) };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"00000000000000000000000000000000\""));
        using var staleAnswer = await http.SendAsync(stale);
        using var present = new HttpRequestMessage(HttpMethod.Put, $"/{bucket}/k.json") { Content = new ByteArrayContent("3"u8.ToArray()) };
        present.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Any);
        using var presentAnswer = await http.SendAsync(present);

        Assert.Equal(HttpStatusCode.PreconditionFailed, staleAnswer.StatusCode);
        Assert.Contains("<Code>PreconditionFailed</Code>", await staleAnswer.Content.ReadAsStringAsync());
        Assert.Contains("<Condition>If-Match</Condition>", await staleAnswer.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.PreconditionFailed, presentAnswer.StatusCode);
        Assert.Contains("<Condition>If-None-Match</Condition>", await presentAnswer.Content.ReadAsStringAsync());
        Assert.Equal(refusedBefore + 2, s3rver.ConditionalWrites.Refused);
        var now = await store.GetAsync("k.json");
        Assert.Equal("1"u8.ToArray(), now!.Content);
        Assert.Equal(stored.ETag, now.Info.ETag);
    }
}
