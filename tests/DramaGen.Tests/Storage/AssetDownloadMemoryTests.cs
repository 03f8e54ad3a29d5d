using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DramaGen.Tests.Generation.Runs;

namespace DramaGen.Tests.Storage;

/// <summary>
/// Serving ranges of a large asset streams from the store: 20 concurrent range downloads of a 100 MB file keep
/// the service's memory flat. Measured on the service as its own process, so the test's memory does not count.
/// </summary>
public sealed class AssetDownloadMemoryTests : IDisposable
{
    private const int Size = 100_000_000;
    private readonly string _root = Directory.CreateTempSubdirectory("dramagen-memory-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Twenty_concurrent_range_downloads_of_a_100_MB_asset_stay_within_50_MB()
    {
        await using var service = await ServiceProcess.StartAsync(new Dictionary<string, string>
        {
            ["STORAGE_DIR"] = Path.Combine(_root, "storage"), ["JOBS_DIR"] = Path.Combine(_root, "jobs"),
            ["MAX_UPLOAD_BYTES"] = (Size + 1_000_000).ToString(),
        });
        var client = service.Client;
        var text = new byte[Size];
        Array.Fill(text, (byte)'a');
        using (var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(text) { Headers = { ContentType = new MediaTypeHeaderValue("text/plain") } }, "file", "big.txt" },
            { new StringContent("memory"), "project_name" }, { new StringContent("text"), "asset_type" },
            { new StringContent("big"), "tag" }, { new StringContent("big"), "asset_id" },
        })
        {
            var upload = await client.PostAsync("/asset-library/upload", form);
            Assert.True(upload.IsSuccessStatusCode, await upload.Content.ReadAsStringAsync());
        }
        text = [];
        // Warm the route up once, then measure from a settled baseline.
        await RangeAsync(client, "bytes=0-0");
        var before = service.ResidentBytes;

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => RangeAsync(client, i % 2 == 0 ? "bytes=0-0" : $"bytes={Size - 10}-")));
        var after = service.ResidentBytes;

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.PartialContent, answer.Status));
        Assert.All(answers, answer => Assert.True(answer.Length is 1 or 10, $"{answer.Length} bytes"));
        Assert.True(after - before < 50_000_000, $"resident memory grew by {(after - before) / 1_000_000} MB ({before / 1_000_000} -> {after / 1_000_000} MB)");
    }

    private static async Task<(HttpStatusCode Status, int Length)> RangeAsync(HttpClient client, string range)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/asset-library/big?project_name=memory");
        request.Headers.TryAddWithoutValidation("Range", range);
        using var response = await client.SendAsync(request);
        return (response.StatusCode, (await response.Content.ReadAsByteArrayAsync()).Length);
    }
}
