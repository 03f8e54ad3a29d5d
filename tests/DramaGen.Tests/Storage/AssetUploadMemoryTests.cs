using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DramaGen.Tests.Generation.Runs;

namespace DramaGen.Tests.Storage;

/// <summary>
/// Uploads stream to the store: several concurrent 100 MB uploads keep the service's peak memory within 50 MB of
/// where it was, on the local store and on S3 (s3rver). Measured on the service as its own process.
/// </summary>
[Collection(S3rverCollection.Name)]
public sealed class AssetUploadMemoryTests(S3rverFixture s3rver) : IDisposable
{
    private const int Size = 100_000_000;
    private const int Concurrent = 4;
    private readonly string _root = Directory.CreateTempSubdirectory("dramagen-upload-memory-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    [Theory]
    [InlineData("local")]
    [InlineData("s3")]
    public async Task Concurrent_100_MB_uploads_stay_within_50_MB_of_the_baseline(string store)
    {
        var environment = new Dictionary<string, string>
        {
            ["STORAGE_DIR"] = Path.Combine(_root, "storage"), ["JOBS_DIR"] = Path.Combine(_root, "jobs"),
            ["MAX_UPLOAD_BYTES"] = (Size + 1_000_000).ToString(),
        };
        if (store == "s3")
        {
            var options = s3rver.Options(S3rverFixture.NewBucket());
            environment["R2_ENDPOINT"] = options.R2Endpoint!;
            environment["R2_ACCESS_KEY_ID"] = options.R2AccessKeyId!;
            environment["R2_SECRET_ACCESS_KEY"] = options.R2SecretAccessKey!;
            environment["R2_BUCKET"] = options.R2Bucket;
        }
        await using var service = await ServiceProcess.StartAsync(environment);
        // Uploading 400 MB on a busy machine takes a while; this budget only stops a hung test.
        using var client = new HttpClient { BaseAddress = service.Client.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        // Warm the route up once (JIT, form reader, store client), then measure the peak from a settled baseline.
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(client, "warm", 1_000_000)).StatusCode);
        var before = service.ResidentBytes;
        service.ResetPeakResident();

        var answers = await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(i => UploadAsync(client, $"big{i}", Size)));
        var peak = service.PeakResidentBytes;

        foreach (var answer in answers)
        {
            Assert.True(answer.StatusCode == HttpStatusCode.Created, await answer.Content.ReadAsStringAsync());
        }
        var metadata = await client.GetFromJsonAsync<JsonNode>($"/asset-library/big{Concurrent - 1}/metadata?project_name=memory");
        Assert.Equal(Size, metadata!["size_bytes"]!.GetValue<long>());
        Assert.True(peak - before < 50_000_000, $"peak resident memory grew by {(peak - before) / 1_000_000} MB ({before / 1_000_000} -> {peak / 1_000_000} MB)");
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string assetId, int size)
    {
        using var form = new MultipartFormDataContent
        {
            { new StreamContent(new TextStream(size)) { Headers = { ContentType = new MediaTypeHeaderValue("text/plain") } }, "file", $"{assetId}.txt" },
            { new StringContent("memory"), "project_name" }, { new StringContent("text"), "asset_type" },
            { new StringContent("big"), "tag" }, { new StringContent(assetId), "asset_id" },
        };
        return await client.PostAsync("/asset-library/upload", form);
    }

    /// <summary><paramref name="length"/> bytes of plain text, made as they are read, so the test holds none of them.</summary>
    private sealed class TextStream(long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            for (var i = 0; i < n; i++)
            {
                buffer[offset + i] = (_position + i) % 80 == 79 ? (byte)'\n' : (byte)('a' + (_position + i) % 26);
            }
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
