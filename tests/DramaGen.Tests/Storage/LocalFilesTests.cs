using System.Net;
using System.Net.Http.Headers;
using DramaGen.Configuration;
using DramaGen.Storage;
using DramaGen.Storage.Assets;
using DramaGen.Tests.Storage.Assets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DramaGen.Tests.Storage;

/// <summary><see cref="LocalFilesExtensions.UseLocalFiles"/> on a bare host, so it is tested apart from the rest of the pipeline.</summary>
public sealed class LocalFilesTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("dramagen-files-").FullName;
    private LocalObjectStore _store = null!;
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _store = new LocalObjectStore(Options.Create(new StorageOptions { StorageDir = _root }));
        _app = await StartAsync(_store);
        _client = _app.GetTestClient();
    }

    [Fact]
    public async Task An_uploaded_assets_public_url_serves_its_bytes_with_its_type()
    {
        var library = new AssetLibrary(_store, Options.Create(new ServiceOptions()), TimeProvider.System, NullLogger<AssetLibrary>.Instance);
        var mp4 = await MediaSamples.GetAsync("mp4");
        var asset = await library.UploadAsync(new AssetUpload { ProjectName = "drama_1", AssetId = "scene_e001_s001", Content = new MemoryStream(mp4), AssetType = AssetType.Video, Tag = "clip" });

        using var response = await _client.GetAsync(asset.PublicUrl);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("video/mp4", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(mp4, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task Range_requests_get_partial_content_so_video_can_seek()
    {
        var bytes = await MediaSamples.GetAsync("mp4");
        await _store.PutAsync("10000/d/assets/clip.mp4", bytes, "video/mp4");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/files/10000/d/assets/clip.mp4");
        request.Headers.Range = new RangeHeaderValue(100, 199);

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(bytes[100..200], await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(bytes.Length, response.Content.Headers.ContentRange?.Length);
    }

    [Theory]
    [InlineData("dramas/d1/drama.json")]
    [InlineData("dramas-index/0001_d1.json")]
    [InlineData("10000/d/assets/a_metadata.json")]
    [InlineData("10000/d/other/a.png")]
    [InlineData("10000/d/assets/noext")]
    public async Task Only_asset_files_are_public(string key)
    {
        await _store.PutAsync(key, "secret"u8.ToArray(), "application/json");

        using var response = await _client.GetAsync("/files/" + key);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/files/10000/d/assets/../../../dramas/d1/drama.json")]
    [InlineData("/files/10000/d/assets/%2e%2e/%2e%2e/%2e%2e/dramas/d1/drama.json")]
    [InlineData("/files/10000/d/assets/..%2F..%2F..%2Fdramas%2Fd1%2Fdrama.json")]
    [InlineData("/files/..%2f..%2fetc%2fpasswd")]
    [InlineData("/files/10000/d/assets/")]
    [InlineData("/files/10000/d/assets")]
    [InlineData("/files/10000/d/assets/.hidden.png")]
    public async Task Traversal_directories_and_dot_files_are_not_served(string path)
    {
        await _store.PutAsync("dramas/d1/drama.json", "secret"u8.ToArray(), "application/json");
        await _store.PutAsync("10000/d/assets/visible.png", await MediaSamples.GetAsync("png"), "image/png");
        await File.WriteAllTextAsync(Path.Combine(_root, "10000", "d", "assets", ".hidden.png"), "hidden");

        using var response = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri("http://localhost" + path, UriKind.Absolute)));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("secret", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Files_are_read_only()
    {
        await _store.PutAsync("10000/d/assets/a.png", await MediaSamples.GetAsync("png"), "image/png");

        using var put = await _client.PutAsync("/files/10000/d/assets/a.png", new ByteArrayContent([1, 2, 3]));
        using var delete = await _client.DeleteAsync("/files/10000/d/assets/a.png");

        Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal(await MediaSamples.GetAsync("png"), (await _store.GetAsync("10000/d/assets/a.png"))!.Content);
    }

    [Fact]
    public async Task Nothing_is_served_when_the_store_is_S3()
    {
        await _store.PutAsync("10000/d/assets/a.png", await MediaSamples.GetAsync("png"), "image/png");
        using var s3 = S3ObjectStoreTests.Create(new StorageOptions
        {
            R2Endpoint = "http://127.0.0.1:1", R2AccessKeyId = "k", R2SecretAccessKey = "s", R2Bucket = "b",
        });
        await using var app = await StartAsync(s3);

        using var response = await app.GetTestClient().GetAsync("/files/10000/d/assets/a.png");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Symbolic_links_out_of_or_inside_the_store_are_not_followed()
    {
        var outside = Directory.CreateTempSubdirectory("dramagen-outside-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(outside, "secret.txt"), "outside secret");
            Directory.CreateDirectory(Path.Combine(outside, "assets"));
            await File.WriteAllTextAsync(Path.Combine(outside, "assets", "x.txt"), "outside folder");
            await _store.PutAsync("dramas/d/drama.json", "{\"secret\":1}"u8.ToArray(), "application/json");
            await _store.PutAsync("10000/d/assets/real.txt", "served"u8.ToArray(), "text/plain");
            var assets = Path.Combine(_root, "10000", "d", "assets");
            File.CreateSymbolicLink(Path.Combine(assets, "out.txt"), Path.Combine(outside, "secret.txt"));
            File.CreateSymbolicLink(Path.Combine(assets, "in.txt"), Path.Combine(_root, "dramas", "d", "drama.json"));
            File.CreateSymbolicLink(Path.Combine(assets, "rel.txt"), "real.txt");
            Directory.CreateSymbolicLink(Path.Combine(_root, "10000", "linked"), outside);

            Assert.Equal("served", await _client.GetStringAsync("/files/10000/d/assets/real.txt"));
            foreach (var path in new[] { "10000/d/assets/out.txt", "10000/d/assets/in.txt", "10000/d/assets/rel.txt", "10000/linked/assets/x.txt" })
            {
                using var response = await _client.GetAsync("/files/" + path);
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode}");
                Assert.DoesNotContain("secret", await response.Content.ReadAsStringAsync());
                Assert.DoesNotContain("outside", await response.Content.ReadAsStringAsync());
            }
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private static async Task<WebApplication> StartAsync(IObjectStore store)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton(store);
        var app = builder.Build();
        app.UseLocalFiles();
        await app.StartAsync();
        return app;
    }
}
