using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using DramaGen.Tests.Dramas;

namespace DramaGen.Tests.Http;

/// <summary>
/// API_KEYS entries "key=user_id" are owned keys: each sees only its own user's assets and the dramas it created;
/// anything else answers 404 (never 403, so ids do not leak). A bare key is an admin key, as before.
/// </summary>
public sealed class KeyOwnerTests : IDisposable
{
    private readonly DramaGenApplication _app = new(new Dictionary<string, string?> { ["API_KEYS"] = "key-admin,key-alice=alice,key-bob=bob" });
    private readonly HttpClient _admin, _alice, _bob;

    public KeyOwnerTests()
    {
        _admin = Client("key-admin");
        _alice = Client("key-alice");
        _bob = Client("key-bob");
    }

    private HttpClient Client(string key)
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Add("X-API-Key", key);
        return client;
    }

    private static MultipartFormDataContent Form(string text, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(text)), "file", "notes.txt" } };
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        return form;
    }

    private static async Task AssertNotFoundAsync(Task<HttpResponseMessage> sending, string because)
    {
        using var response = await sending;
        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{because}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_owned_key_reaches_only_its_own_users_assets()
    {
        var upload = await _alice.PostAsync("/asset-library/upload", Form("alice's", ("project_name", "p1"), ("asset_type", "text"), ("asset_id", "a1")));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        Assert.Equal("alice", (await upload.Content.ReadFromJsonAsync<JsonObject>())!["user_id"]!.GetValue<string>()); // not DEFAULT_USER_ID
        const string asset = "/asset-library/a1?user_id=alice&project_name=p1";

        await AssertNotFoundAsync(_bob.GetAsync("/asset-library/list?user_id=alice"), "list of another user");
        await AssertNotFoundAsync(_bob.GetAsync(asset), "download");
        await AssertNotFoundAsync(_bob.GetAsync("/asset-library/a1/metadata?user_id=alice&project_name=p1"), "metadata");
        await AssertNotFoundAsync(_bob.DeleteAsync(asset), "delete");
        await AssertNotFoundAsync(_bob.PostAsync("/asset-library/upload",
            Form("bob's", ("user_id", "alice"), ("project_name", "p1"), ("asset_type", "text"), ("asset_id", "a1"))), "overwrite");
        Assert.Empty((await _bob.GetFromJsonAsync<JsonArray>("/asset-library/list"))!); // bob's own (empty) space, not the default user's

        Assert.Equal("alice's", await _alice.GetStringAsync(asset)); // untouched by bob
        Assert.Equal("alice's", await _admin.GetStringAsync(asset)); // an admin key acts for any user
        Assert.Single((await _alice.GetFromJsonAsync<JsonArray>("/asset-library/list?project_name=p1"))!);
        Assert.Equal(HttpStatusCode.NoContent, (await _alice.DeleteAsync(asset)).StatusCode);
    }

    [Fact]
    public async Task An_owned_key_reaches_only_the_dramas_it_created()
    {
        Assert.Equal(HttpStatusCode.Created, (await _alice.PostAsJsonAsync("/dramas", SampleDramas.Document("drama_alice"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _admin.PostAsJsonAsync("/dramas", SampleDramas.Document("drama_admin"))).StatusCode);
        var writing = await _alice.PostAsJsonAsync("/dramas", new { premise = "A lighthouse keeper's daughter finds a lantern." });
        Assert.Equal(HttpStatusCode.Accepted, writing.StatusCode);
        var written = (await writing.Content.ReadFromJsonAsync<JsonObject>())!["dramaId"]!.GetValue<string>();

        await AssertNotFoundAsync(_bob.GetAsync("/dramas/drama_alice"), "read");
        await AssertNotFoundAsync(_bob.GetAsync($"/dramas/{written}/jobs"), "jobs of a drama being written");
        await AssertNotFoundAsync(_bob.GetAsync("/dramas/drama_alice/characters"), "parts");
        await AssertNotFoundAsync(_bob.PatchAsync("/dramas/drama_alice",
            new StringContent("{\"title\":\"Bob's now\"}", Encoding.UTF8, "application/merge-patch+json")), "patch");
        await AssertNotFoundAsync(_bob.PostAsJsonAsync("/dramas/drama_alice/generate", new { }), "generate");
        await AssertNotFoundAsync(_bob.GetAsync("/dramas/drama_alice/plan"), "plan");
        await AssertNotFoundAsync(_bob.PostAsJsonAsync("/dramas/drama_alice/critique", new { }), "critique");
        await AssertNotFoundAsync(_bob.DeleteAsync("/dramas/drama_alice"), "delete");
        await AssertNotFoundAsync(_bob.GetAsync("/dramas/drama_admin"), "an admin's drama");
        Assert.Empty((await _bob.GetFromJsonAsync<JsonObject>("/dramas"))!["items"]!.AsArray());
        Assert.Equal(0, (await _bob.GetFromJsonAsync<JsonObject>("/dramas"))!["total"]!.GetValue<int>());

        // (The drama being written may not be listed yet: its job runs in the background.)
        var alices = await ListedIdsAsync(_alice);
        Assert.Contains("drama_alice", alices);
        Assert.DoesNotContain("drama_admin", alices);
        Assert.Superset(new HashSet<string> { "drama_alice", "drama_admin" }, (await ListedIdsAsync(_admin)).ToHashSet());
        Assert.Equal("drama_alice", (await _alice.GetFromJsonAsync<JsonObject>("/dramas/drama_alice"))!["id"]!.GetValue<string>());
        Assert.Equal("drama_alice", (await _admin.GetFromJsonAsync<JsonObject>("/dramas/drama_alice"))!["id"]!.GetValue<string>());
    }

    private static async Task<List<string>> ListedIdsAsync(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<JsonObject>("/dramas"))!["items"]!.AsArray().Select(item => item!["id"]!.GetValue<string>())];

    [Fact]
    public async Task A_generate_body_may_name_only_the_keys_own_user()
    {
        Assert.Equal(HttpStatusCode.Created, (await _alice.PostAsJsonAsync("/dramas", SampleDramas.Document("drama_alice"))).StatusCode);

        await AssertNotFoundAsync(_alice.PostAsJsonAsync("/dramas/drama_alice/generate", new { user_id = "bob" }), "media into bob's space");
        Assert.Empty((await _alice.GetFromJsonAsync<JsonArray>("/dramas/drama_alice/jobs"))!);

        var started = await _alice.PostAsJsonAsync("/dramas/drama_alice/generate", new { });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var job = (await _alice.GetFromJsonAsync<JsonObject>(started.Headers.Location!.OriginalString))!;
        Assert.Equal("alice", job["metadata"]!["user_id"]!.GetValue<string>()); // not DEFAULT_USER_ID
    }

    [Fact]
    public async Task A_deleted_dramas_id_created_again_by_another_key_is_not_the_first_owners()
    {
        Assert.Equal(HttpStatusCode.Created, (await _alice.PostAsJsonAsync("/dramas", SampleDramas.Document("drama_x"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _alice.DeleteAsync("/dramas/drama_x")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _bob.PostAsJsonAsync("/dramas", SampleDramas.Document("drama_x"))).StatusCode);

        await AssertNotFoundAsync(_alice.GetAsync("/dramas/drama_x"), "bob's drama of a reused id");
        Assert.Equal(0, (await _alice.GetFromJsonAsync<JsonObject>("/dramas"))!["total"]!.GetValue<int>());
        Assert.Equal(1, (await _bob.GetFromJsonAsync<JsonObject>("/dramas"))!["total"]!.GetValue<int>());
    }

    public void Dispose() => _app.Dispose();
}
