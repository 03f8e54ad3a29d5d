using System.Net;
using System.Text;
using DramaGen.Tests.Dramas;

namespace DramaGen.Tests.Http;

/// <summary>Malformed JSON (duplicate keys, invalid UTF-8, lone surrogates) and non-JSON content types are 4xx, and store nothing.</summary>
public sealed class JsonBodyTests
{
    private static async Task<(DramaGenApplication App, HttpClient Client, string Stored)> StartAsync()
    {
        var app = new DramaGenApplication();
        var client = app.CreateClient();
        var created = await client.PostAsync("/dramas", new StringContent(SampleDramas.Document("drama_j").ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (app, client, await client.GetStringAsync("/dramas/drama_j"));
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path, byte[] body, string? contentType = "application/json")
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new ByteArrayContent(body) };
        if (contentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return await client.SendAsync(request);
    }

    public static TheoryData<string, string, string> MalformedBodies()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (method, path, field) in new[] { ("POST", "/dramas", "premise"), ("POST", "/dramas/drama_j/improve", "feedback"),
            ("PATCH", "/dramas/drama_j", "title"), ("PATCH", "/dramas/drama_j/characters/c001", "name") })
        {
            data.Add(method, path, $$"""{"{{field}}":"a","{{field}}":"b"}""");
            data.Add(method, path, $$"""{"{{field}}":"half \ud800 a pair"}""");
            data.Add(method, path, $$"""{"{{field}}":"x", "\udc00":"key"}""");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task Duplicate_keys_and_lone_surrogates_are_400_and_change_nothing(string method, string path, string body)
    {
        var (app, client, stored) = await StartAsync();
        await using var _ = app;
        var before = Directory.EnumerateFiles(app.JobsDir).Count();

        var response = await SendAsync(client, method, path, Encoding.UTF8.GetBytes(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(stored, await client.GetStringAsync("/dramas/drama_j"));
        Assert.Equal(before, Directory.EnumerateFiles(app.JobsDir).Count());
    }

    [Theory]
    [InlineData("POST", "/dramas")]
    [InlineData("PATCH", "/dramas/drama_j")]
    [InlineData("PATCH", "/dramas/drama_j/episodes/e001/scenes/s001")]
    public async Task Invalid_utf8_is_400_and_is_not_stored_as_a_replacement_character(string method, string path)
    {
        var (app, client, stored) = await StartAsync();
        await using var _ = app;
        byte[] body = [.. "{\"title\":\"bad "u8, 0xC3, 0x28, .. " byte\"}"u8];

        var response = await SendAsync(client, method, path, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("UTF-8", await response.Content.ReadAsStringAsync());
        Assert.Equal(stored, await client.GetStringAsync("/dramas/drama_j"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task A_json_body_without_a_json_content_type_is_415(string? contentType)
    {
        var (app, client, stored) = await StartAsync();
        await using var _ = app;

        var patch = await SendAsync(client, "PATCH", "/dramas/drama_j", """{"title":"changed"}"""u8.ToArray(), contentType);
        var generate = await SendAsync(client, "POST", "/dramas/drama_j/generate", "{}"u8.ToArray(), contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, patch.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, generate.StatusCode);
        Assert.Equal(stored, await client.GetStringAsync("/dramas/drama_j"));
    }

    [Fact]
    public async Task Merge_patch_json_and_json_with_a_charset_are_accepted()
    {
        var (app, client, _) = await StartAsync();
        await using var __ = app;

        var merge = await SendAsync(client, "PATCH", "/dramas/drama_j", """{"title":"one"}"""u8.ToArray(), "application/merge-patch+json");
        var charset = await SendAsync(client, "PATCH", "/dramas/drama_j", """{"title":"two"}"""u8.ToArray(), "application/json; charset=utf-8");

        Assert.Equal(HttpStatusCode.OK, merge.StatusCode);
        Assert.Equal(HttpStatusCode.OK, charset.StatusCode);
    }
}
