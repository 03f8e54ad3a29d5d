using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using DramaGen.Tests.Storage.Assets;

namespace DramaGen.Tests.Storage;

/// <summary>The /asset-library routes through the whole service, on the local store and on s3rver (subclasses below).</summary>
public abstract class AssetLibraryEndpointsTests
{
    protected abstract DramaGenApplication CreateApp(IDictionary<string, string?>? settings = null);

    [Fact]
    public async Task Upload_list_download_metadata_and_delete_round_trip()
    {
        await using var app = CreateApp();
        var client = app.CreateClient();
        var png = await MediaSamples.GetAsync("png");

        using var upload = await client.PostAsync("/asset-library/upload",
            Form(png, "portrait.png", "image/png", ("user_id", "u1"), ("project_name", "drama_1"), ("asset_type", "image"), ("tag", "character")));

        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var created = (await upload.Content.ReadFromJsonAsync<JsonObject>())!;
        var assetId = (string)created["asset_id"]!;
        Assert.Equal($"u1/drama_1/assets/{assetId}.png", (string?)created["r2_key"]);
        Assert.Equal(("u1", "drama_1", "image", "character", "portrait.png", "image/png"),
            ((string?)created["user_id"], (string?)created["project_name"], (string?)created["asset_type"], (string?)created["tag"],
                (string?)created["filename"], (string?)created["content_type"]));
        Assert.Equal(png.Length, (long)created["size_bytes"]!);
        Assert.Equal("upload", (string?)created["metadata"]!["source"]);
        Assert.Equal($"/asset-library/{assetId}?user_id=u1&project_name=drama_1", upload.Headers.Location!.OriginalString);

        var list = (await client.GetFromJsonAsync<JsonArray>("/asset-library/list?user_id=u1&project_name=drama_1"))!;
        Assert.Equal(assetId, (string?)Assert.Single(list)!["asset_id"]);

        using var download = await client.GetAsync($"/asset-library/{assetId}?user_id=u1&project_name=drama_1");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("image/png", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal(png, await download.Content.ReadAsByteArrayAsync());

        var metadata = (await client.GetFromJsonAsync<JsonObject>($"/asset-library/{assetId}/metadata?user_id=u1&project_name=drama_1"))!;
        Assert.Equal(created["r2_key"]!.ToJsonString(), metadata["r2_key"]!.ToJsonString());

        using var delete = await client.DeleteAsync($"/asset-library/{assetId}?user_id=u1&project_name=drama_1");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Empty((await client.GetFromJsonAsync<JsonArray>("/asset-library/list?user_id=u1&project_name=drama_1"))!);
        await AssertProblemAsync(await client.GetAsync($"/asset-library/{assetId}?user_id=u1&project_name=drama_1"), 404);
    }

    [Fact]
    public async Task List_defaults_to_the_default_user_and_filters_by_type_and_tag()
    {
        await using var app = CreateApp();
        var client = app.CreateClient();
        await UploadAsync(client, await MediaSamples.GetAsync("png"), "a.png", ("project_name", "p1"), ("asset_type", "image"), ("tag", "character"), ("asset_id", "img1"));
        await UploadAsync(client, await MediaSamples.GetAsync("mp4"), "b.mp4", ("project_name", "p1"), ("asset_type", "video"), ("tag", "clip"), ("asset_id", "vid1"));
        await UploadAsync(client, Encoding.UTF8.GetBytes("a line"), "c.txt", ("project_name", "p2"), ("asset_type", "text"), ("tag", "clip"), ("asset_id", "txt1"));
        await UploadAsync(client, Encoding.UTF8.GetBytes("not mine"), "d.txt", ("project_name", "p1"), ("asset_type", "text"), ("user_id", "other"), ("asset_id", "txt2"));

        Assert.Equal(["img1", "txt1", "vid1"], await IdsAsync(client, "/asset-library/list"));
        Assert.Equal(["img1", "vid1"], await IdsAsync(client, "/asset-library/list?user_id=10000&project_name=p1"));
        Assert.Equal(["vid1"], await IdsAsync(client, "/asset-library/list?asset_type=video"));
        Assert.Equal(["txt1", "vid1"], await IdsAsync(client, "/asset-library/list?tag=clip"));
        Assert.Equal(["txt2"], await IdsAsync(client, "/asset-library/list?user_id=other"));
    }

    [Fact]
    public async Task A_png_that_is_really_text_is_415()
    {
        await using var app = CreateApp();
        var client = app.CreateClient();

        using var response = await client.PostAsync("/asset-library/upload",
            Form(Encoding.UTF8.GetBytes("I am text"), "fake.png", "image/png", ("project_name", "p"), ("asset_type", "image")));

        var problem = await AssertProblemAsync(response, 415);
        Assert.Contains("text/plain", (string?)problem["detail"]);
        Assert.Empty((await client.GetFromJsonAsync<JsonArray>("/asset-library/list"))!);
    }

    [Fact]
    public async Task Bytes_of_another_asset_type_are_415()
    {
        await using var app = CreateApp();

        using var response = await app.CreateClient().PostAsync("/asset-library/upload",
            Form(await MediaSamples.GetAsync("mp4"), "clip.mp4", "video/mp4", ("project_name", "p"), ("asset_type", "image")));

        await AssertProblemAsync(response, 415);
    }

    [Fact]
    public async Task An_oversized_file_is_413_and_nothing_is_stored()
    {
        await using var app = CreateApp(new Dictionary<string, string?> { ["MAX_UPLOAD_BYTES"] = "2048" });
        var client = app.CreateClient();
        var text = Encoding.UTF8.GetBytes(new string('x', 4096));

        await AssertProblemAsync(await client.PostAsync("/asset-library/upload", Form(text, "big.txt", "text/plain", ("project_name", "p"), ("asset_type", "text"))), 413);
        // Without a Content-Length the limit is enforced while reading.
        var chunked = Form(text, "big.txt", "text/plain", ("project_name", "p"), ("asset_type", "text"));
        await chunked.LoadIntoBufferAsync();
        var stream = new StreamContent(await chunked.ReadAsStreamAsync());
        stream.Headers.ContentType = chunked.Headers.ContentType;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/asset-library/upload") { Content = stream };
        request.Headers.TransferEncodingChunked = true;
        await AssertProblemAsync(await client.SendAsync(request), 413);

        Assert.Empty((await client.GetFromJsonAsync<JsonArray>("/asset-library/list"))!);
    }

    [Fact]
    public async Task Missing_and_invalid_fields_are_400_listing_every_problem()
    {
        await using var app = CreateApp();
        var client = app.CreateClient();

        var form = new MultipartFormDataContent { { new StringContent("../etc"), "user_id" }, { new StringContent("movie"), "asset_type" } };
        var problem = await AssertProblemAsync(await client.PostAsync("/asset-library/upload", form), 400);

        var errors = problem["errors"]!.AsObject();
        Assert.Equal(["asset_type", "file", "project_name", "user_id"], errors.Select(e => e.Key).Order());
    }

    [Fact]
    public async Task A_body_that_is_not_multipart_is_415()
    {
        await using var app = CreateApp();

        using var response = await app.CreateClient().PostAsync("/asset-library/upload", new StringContent("{}", Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, 415);
    }

    [Theory]
    [InlineData("/asset-library/..%2F..%2Fdramas?project_name=p")]
    [InlineData("/asset-library/a?project_name=..%2F..")]
    [InlineData("/asset-library/a?project_name=p&user_id=a%2Fb")]
    [InlineData("/asset-library/a%20b/metadata?project_name=p")]
    [InlineData("/asset-library/x_metadata?project_name=p")]
    [InlineData("/asset-library/a")]
    [InlineData("/asset-library/list?project_name=..")]
    [InlineData("/asset-library/list?asset_type=movie")]
    public async Task Ids_with_path_tricks_are_400(string url)
    {
        await using var app = CreateApp();

        await AssertProblemAsync(await app.CreateClient().GetAsync(url), 400);
    }

    [Theory]
    [InlineData("project_name", "a/b")]
    [InlineData("project_name", "..")]
    [InlineData("user_id", "../../x")]
    [InlineData("asset_id", "x/../../y")]
    public async Task Uploads_with_path_tricks_are_400_and_store_nothing(string field, string value)
    {
        await using var app = CreateApp();
        var client = app.CreateClient();
        var fields = new Dictionary<string, string> { ["project_name"] = "p", ["asset_type"] = "text", [field] = value };

        var response = await client.PostAsync("/asset-library/upload", Form("hi"u8.ToArray(), "a.txt", "text/plain", [.. fields.Select(f => (f.Key, f.Value))]));

        await AssertProblemAsync(response, 400);
        Assert.Empty((await client.GetFromJsonAsync<JsonArray>("/asset-library/list"))!);
    }

    [Fact]
    public async Task A_slash_in_the_asset_id_matches_no_asset()
    {
        await using var app = CreateApp();

        using var response = await app.CreateClient().GetAsync("/asset-library/a/b?project_name=p");

        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Missing_assets_are_404()
    {
        await using var app = CreateApp();
        var client = app.CreateClient();

        await AssertProblemAsync(await client.GetAsync("/asset-library/nope?project_name=p"), 404);
        await AssertProblemAsync(await client.GetAsync("/asset-library/nope/metadata?project_name=p"), 404);
        await AssertProblemAsync(await client.DeleteAsync("/asset-library/nope?project_name=p"), 404);
    }

    [Fact]
    public async Task Downloads_honour_range_requests()
    {
        await using var app = CreateApp();
        var client = app.CreateClient();
        var mp4 = await MediaSamples.GetAsync("mp4");
        await UploadAsync(client, mp4, "clip.mp4", ("project_name", "p"), ("asset_type", "video"), ("asset_id", "clip"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/asset-library/clip?project_name=p");
        request.Headers.Range = new RangeHeaderValue(10, 19);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(mp4[10..20], await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Text_is_downloaded_as_utf8_text_that_browsers_may_not_sniff()
    {
        await using var app = CreateApp();
        var client = app.CreateClient();
        await UploadAsync(client, Encoding.UTF8.GetBytes("<script>alert(1)</script>"), "x.txt", ("project_name", "p"), ("asset_type", "text"), ("asset_id", "t"));

        using var response = await client.GetAsync("/asset-library/t?project_name=p");

        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    protected static MultipartFormDataContent Form(byte[] file, string fileName, string? contentType, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        if (contentType is not null) part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(part, "file", fileName);
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        return form;
    }

    protected static async Task<JsonObject> UploadAsync(HttpClient client, byte[] file, string fileName, params (string Name, string Value)[] fields)
    {
        using var response = await client.PostAsync("/asset-library/upload", Form(file, fileName, null, fields));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    protected static async Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, int status)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(status, (int)problem["status"]!);
        return problem;
    }

    private static async Task<string[]> IdsAsync(HttpClient client, string url) =>
        (await client.GetFromJsonAsync<JsonArray>(url))!.Select(item => (string)item!["asset_id"]!).Order(StringComparer.Ordinal).ToArray();
}
