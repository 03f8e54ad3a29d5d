using DramaGen.Storage;
using DramaGen.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace DramaGen.Tests.Dramas;

/// <summary>The drama routes, run against the local store and against s3rver (see the subclasses).</summary>
public abstract class DramaEndpointsTests
{
    protected abstract DramaGenApplication CreateApp(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null);

    private static Task<StoredObject?> StoredAsync(DramaGenApplication app, string dramaId) =>
        app.Services.GetRequiredService<IObjectStore>().GetAsync($"dramas/{dramaId}/drama.json");

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<(HttpResponseMessage Response, JsonObject Body)> SendAsync(HttpClient client, HttpMethod method, string url,
        string? json = null, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = json is null ? null : Json(json) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length > 0 && text.TrimStart().StartsWith('{') ? JsonNode.Parse(text)!.AsObject() : []);
    }

    private static async Task<string> CreateAsync(HttpClient client, string id = "drama_test1")
    {
        var response = await client.PostAsync("/dramas", Json(SampleDramas.Document(id).ToJsonString()));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return id;
    }

    [Fact]
    public async Task Post_whole_document_returns_201_with_location_and_etag()
    {
        await using var app = CreateApp();
        var client = app.CreateClient();
        var response = await client.PostAsync("/dramas", Json(SampleDramas.Document("drama_abc").ToJsonString()));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/dramas/drama_abc", response.Headers.Location!.OriginalString);
        Assert.NotNull(response.Headers.ETag);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("The Last Lantern", body!["title"]!.GetValue<string>());
        Assert.NotNull(body["createdAt"]);
    }

    [Fact]
    public async Task Post_without_id_assigns_drama_prefix_and_12_hex()
    {
        await using var app = CreateApp();
        var response = await app.CreateClient().PostAsync("/dramas", Json(SampleDramas.Document().ToJsonString()));
        var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        Assert.Matches("^drama_[0-9a-f]{12}$", id);
    }

    [Fact]
    public async Task Post_with_existing_id_returns_409_and_keeps_the_original()
    {
        await using var app = CreateApp();
        var client = app.CreateClient();
        await CreateAsync(client);
        var second = SampleDramas.Document("drama_test1");
        second["title"] = "Impostor";
        var response = await client.PostAsync("/dramas", Json(second.ToJsonString()));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var stored = await client.GetFromJsonAsync<JsonObject>("/dramas/drama_test1");
        Assert.Equal("The Last Lantern", stored!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Get_returns_drama_with_sha256_etag_of_stored_bytes()
    {
        await using var app = CreateApp();
        var client = app.CreateClient();
        await CreateAsync(client);
        var response = await client.GetAsync("/dramas/drama_test1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = (await StoredAsync(app, "drama_test1"))!.Content;
        var expected = $"\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stored))}\"";
        Assert.Equal(expected, response.Headers.ETag!.Tag);
    }

    [Theory]
    [InlineData("/dramas/nope")]
    [InlineData("/dramas/nope/characters")]
    [InlineData("/dramas/nope/episodes/e001/scenes")]
    public async Task Unknown_drama_returns_404_problem(string url)
    {
        await using var app = CreateApp();
        var response = await app.CreateClient().GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("/dramas/..%2F..%2Fetc")]
    [InlineData("/dramas/a.b")]
    [InlineData("/dramas/drama_test1/characters/c.1")]
    [InlineData("/dramas/drama_test1/episodes/e%2F1")]
    public async Task Ids_with_path_tricks_return_400_or_404_never_touch_storage(string url)
    {
        await using var app = CreateApp();
        var client = app.CreateClient();
        await CreateAsync(client);
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{url} gave {response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task List_is_newest_first_with_total_limit_and_offset()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.Parse("2026-11-23T10:00:00Z"));
        await using var app = CreateApp(services: s => s.AddSingleton<TimeProvider>(clock));
        var client = app.CreateClient();
        foreach (var id in new[] { "drama_a", "drama_b", "drama_c" })
        {
            await CreateAsync(client, id);
            clock.Advance(TimeSpan.FromMinutes(1));
        }
        var page = await client.GetFromJsonAsync<JsonObject>("/dramas?limit=2&offset=0");
        Assert.Equal(3, page!["total"]!.GetValue<int>());
        Assert.Equal(["drama_c", "drama_b"], page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        Assert.Equal(2, page["items"]![0]!["characterCount"]!.GetValue<int>());
        var next = await client.GetFromJsonAsync<JsonObject>("/dramas?limit=2&offset=2");
        Assert.Equal(["drama_a"], next!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=1000")]
    [InlineData("offset=-1")]
    [InlineData("limit=abc")]
    public async Task List_with_bad_paging_returns_400(string query)
    {
        await using var app = CreateApp();
        var response = await app.CreateClient().GetAsync($"/dramas?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Patch_merges_top_level_fields_and_changes_the_etag()
    {
        await using var app = CreateApp();
        var client = app.CreateClient();
        await CreateAsync(client);
        var before = (await client.GetAsync("/dramas/drama_test1")).Headers.ETag!.Tag;
        var (response, body) = await SendAsync(client, HttpMethod.Patch, "/dramas/drama_test1", """{"title":"New title","synopsis":null}""", before);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("New title", body["title"]!.GetValue<string>());
        Assert.Equal("The Last Lantern".Length > 0, body["premise"]!.GetValue<string>().Length > 0);
        Assert.NotEqual(before, response.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Patch_with_stale_etag_returns_412_and_changes_nothing()
    {
        await using var app = CreateApp();
        var client = app.CreateClient();
        await CreateAsync(client);
        var stale = (await client.GetAsync("/dramas/drama_test1")).Headers.ETag!.Tag;
        await SendAsync(client, HttpMethod.Patch, "/dramas/drama_test1", """{"title":"First writer"}""");
        var (response, _) = await SendAsync(client, HttpMethod.Patch, "/dramas/drama_test1", """{"title":"Second writer"}""", stale);
        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        var stored = await client.GetFromJsonAsync<JsonObject>("/dramas/drama_test1");
        Assert.Equal("First writer", stored!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Fifty_parallel_patches_of_different_fields_all_survive()
    {
        await using var app = CreateApp();
        var client = app.CreateClient();
        await CreateAsync(client);
        // Fifty different characters' descriptions, patched at once through the same drama.
        var characters = SampleDramas.Document()["characters"]!.DeepClone().AsArray();
        foreach (var i in Enumerable.Range(0, 50))
        {
            characters.Add(new JsonObject { ["id"] = $"x{i:D3}", ["name"] = $"Extra {i}", ["description"] = "", ["assets"] = new JsonArray() });
        }
        await SendAsync(client, HttpMethod.Patch, "/dramas/drama_test1", new JsonObject { ["characters"] = characters }.ToJsonString());
        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            SendAsync(client, HttpMethod.Patch, $"/dramas/drama_test1/characters/x{i:D3}", $$"""{"description":"patched {{i}}"}""")));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.Response.StatusCode));
        var stored = await client.GetFromJsonAsync<JsonObject>("/dramas/drama_test1");
        var descriptions = stored!["characters"]!.AsArray().Select(c => c!["description"]!.GetValue<string>()).ToList();
        Assert.All(Enumerable.Range(0, 50), i => Assert.Contains($"patched {i}", descriptions));
    }

    [Theory]
    [InlineData("{\"title\": ")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"title\": 42}")]
    [InlineData("{\"characters\": \"nope\"}")]
    [InlineData("{\"id\": \"drama_other\"}")]
    public async Task Bad_patches_return_400_and_leave_the_drama_unchanged(string patch)
    {
        await using var app = CreateApp();
        var client = app.CreateClient();
        await CreateAsync(client);
        var before = (await client.GetAsync("/dramas/drama_test1")).Headers.ETag!.Tag;
        var (response, body) = await SendAsync(client, HttpMethod.Patch, "/dramas/drama_test1", patch);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrEmpty(body["detail"]?.GetValue<string>()));
        Assert.Equal(before, (await client.GetAsync("/dramas/drama_test1")).Headers.ETag!.Tag);
    }

    [Theory]
    [InlineData("/dramas/drama_test1")]
    [InlineData("/dramas/drama_test1/episodes/e001/scenes/s001")]
    public async Task Patch_with_an_unknown_field_returns_422_naming_it_and_changes_nothing(string path)
    {
        await using var app = CreateApp();
        var client = app.CreateClient();
        await CreateAsync(client);
        var before = (await client.GetAsync("/dramas/drama_test1")).Headers.ETag!.Tag;
        var (response, body) = await SendAsync(client, HttpMethod.Patch, path, """{"title":"Kept out","descriptin":"typo"}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True(body["errors"]!.AsObject().ContainsKey("descriptin"), body.ToJsonString());
        Assert.Equal(before, (await client.GetAsync("/dramas/drama_test1")).Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Patch_that_creates_a_dependency_cycle_returns_422_naming_it()
    {
        await using var app = CreateApp();
        var client = app.CreateClient();
        await CreateAsync(client);
        var patch = """{"assets":[{"id":"a001","type":"video","tag":"clip","prompt":"x","dependsOn":["a002"]},{"id":"a002","type":"image","tag":"still","prompt":"y","dependsOn":["a001"]}]}""";
        var (response, body) = await SendAsync(client, HttpMethod.Patch, "/dramas/drama_test1/episodes/e001/scenes/s001", patch);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("scene_asset_e001_s001_a001", body["errors"]!.ToJsonString());
        Assert.Contains("cycle", body["errors"]!.ToJsonString());
    }

    [Fact]
    public async Task Invalid_document_lists_every_problem_not_only_the_first()
    {
        await using var app = CreateApp();
        var document = SampleDramas.Document("drama_bad");
        document["aspectRatio"] = "7:5";
        document["characters"]![1]!["id"] = "c001";
        document["episodes"]![0]!["scenes"]![0]!["characters"] = new JsonArray("c999");
        document["episodes"]![0]!["scenes"]![1]!["assets"]![0]!["dependsOn"] = new JsonArray("ghost");
        var (response, body) = await SendAsync(app.CreateClient(), HttpMethod.Post, "/dramas", document.ToJsonString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = body["errors"]!.AsObject();
        Assert.Contains("aspectRatio", errors.Select(e => e.Key));
        Assert.Contains("characters[1].id", errors.Select(e => e.Key));
        Assert.Contains("episodes[0].scenes[0].characters", errors.Select(e => e.Key));
        Assert.Null(await StoredAsync(app, "drama_bad"));
    }

    [Fact]
    public async Task Dangling_depends_on_is_rejected_with_422()
    {
        await using var app = CreateApp();
        var document = SampleDramas.Document("drama_bad");
        document["episodes"]![0]!["scenes"]![1]!["assets"]![0]!["dependsOn"] = new JsonArray("ghost");
        var (response, body) = await SendAsync(app.CreateClient(), HttpMethod.Post, "/dramas", document.ToJsonString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = body["errors"]!["dependsOn"]![0]!.GetValue<string>();
        Assert.Contains("'ghost'", problem);
        Assert.Contains("scene_asset_e001_s002_a001", problem);
    }

    [Fact]
    public async Task Oversized_body_returns_413()
    {
        await using var app = CreateApp(new Dictionary<string, string?> { ["MAX_REQUEST_BYTES"] = "4096" });
        var document = SampleDramas.Document("drama_big");
        document["synopsis"] = new string('x', 10_000);
        var (response, _) = await SendAsync(app.CreateClient(), HttpMethod.Post, "/dramas", document.ToJsonString());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Text_over_the_configured_limit_returns_422()
    {
        await using var app = CreateApp(new Dictionary<string, string?> { ["MAX_TEXT_LENGTH"] = "100" });
        var document = SampleDramas.Document("drama_long");
        document["synopsis"] = new string('x', 101);
        var (response, body) = await SendAsync(app.CreateClient(), HttpMethod.Post, "/dramas", document.ToJsonString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.NotNull(body["errors"]!["synopsis"]);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"title\": \"x\", \"characters\": [{\"id\": 5}]}")]
    [InlineData("\"just a string\"")]
    public async Task Malformed_or_mistyped_post_returns_400_problem(string json)
    {
        await using var app = CreateApp();
        var (response, body) = await SendAsync(app.CreateClient(), HttpMethod.Post, "/dramas", json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(400, body["status"]!.GetValue<int>());
    }

    // A document without a transition object form is read straight from its bytes, one with it through a JSON tree
    // that is rewritten first (#15): a mistyped field is named by its path either way, and nothing is stored.
    [Theory]
    [InlineData("\"cut\"")]
    [InlineData("{\"effect\": \"fade\", \"frame\": true}")]
    public async Task A_mistyped_whole_document_is_400_naming_the_field_with_either_form_of_transition(string transition)
    {
        await using var app = CreateApp();
        var json = $$"""
            {"id": "drama_typed", "title": "T", "characters": [], "episodes": [{"id": "e1", "title": "E",
              "scenes": [{"id": "s1", "transition": {{transition}}}, {"id": "s2", "characters": "everyone"}]}]}
            """;
        var (response, body) = await SendAsync(app.CreateClient(), HttpMethod.Post, "/dramas", json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("$.episodes[0].scenes[1].characters", body["detail"]!.GetValue<string>());
        Assert.Null(await StoredAsync(app, "drama_typed"));
    }

    [Fact]
    public async Task Delete_removes_the_drama_and_returns_204_then_404()
    {
        await using var app = CreateApp();
        var client = app.CreateClient();
        await CreateAsync(client);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/dramas/drama_test1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/dramas/drama_test1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("/dramas/drama_test1")).StatusCode);
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonObject>("/dramas"))!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Delete_removes_the_dramas_generated_assets_and_jobs()
    {
        await using var app = CreateApp();
        var client = app.CreateClient();
        await CreateAsync(client);
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent("hello"u8.ToArray()) { Headers = { ContentType = new MediaTypeHeaderValue("text/plain") } }, "file", "note.txt" },
            { new StringContent("10000"), "user_id" }, { new StringContent("drama_test1"), "project_name" },
            { new StringContent("text"), "asset_type" }, { new StringContent("note"), "tag" },
        };
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/asset-library/upload", form)).StatusCode);
        var job = await client.PostAsync("/dramas/drama_test1/critique", null);
        Assert.Equal(HttpStatusCode.Accepted, job.StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/dramas/drama_test1")).StatusCode);

        var assets = await client.GetFromJsonAsync<JsonArray>("/asset-library/list?user_id=10000&project_name=drama_test1");
        Assert.Empty(assets!);
        Assert.Empty(Directory.EnumerateFiles(app.JobsDir, "*.json"));
    }

    [Fact]
    public async Task Delete_with_stale_etag_returns_412_and_keeps_the_drama()
    {
        await using var app = CreateApp();
        var client = app.CreateClient();
        await CreateAsync(client);
        var (response, _) = await SendAsync(client, HttpMethod.Delete, "/dramas/drama_test1", ifMatch: "\"0000\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/dramas/drama_test1")).StatusCode);
    }
}

public sealed class LocalDramaEndpointsTests : DramaEndpointsTests
{
    protected override DramaGenApplication CreateApp(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) =>
        new(settings, services);
}

[Collection(S3rverCollection.Name)]
public sealed class S3DramaEndpointsTests(S3rverFixture s3rver) : DramaEndpointsTests
{
    protected override DramaGenApplication CreateApp(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var all = new Dictionary<string, string?>
        {
            // Through the layer that enforces If-Match / If-None-Match as R2 does: s3rver alone ignores them.
            ["R2_ENDPOINT"] = s3rver.ConditionalWrites.Endpoint, ["R2_ACCESS_KEY_ID"] = "S3RVER", ["R2_SECRET_ACCESS_KEY"] = "S3RVER",
            ["R2_BUCKET"] = S3rverFixture.NewBucket(),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        return new DramaGenApplication(all, services);
    }
}
