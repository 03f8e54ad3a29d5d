using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace DramaGen.Tests.Api;

public sealed class ServiceEndpointsTests
{
    [Fact]
    public async Task Root_says_it_runs_on_embedded_defaults_without_keys()
    {
        await using var app = new DramaGenApplication();
        var info = await app.CreateClient().GetFromJsonAsync<JsonObject>("/");
        Assert.Equal("DramaGen", info!["service"]!.GetValue<string>());
        Assert.Contains("embedded", info["mode"]!.GetValue<string>());
        Assert.Equal("local", info["components"]!["storage"]!.GetValue<string>());
    }

    [Fact]
    public async Task Root_shows_each_capabilitys_live_limit_quota_and_429_count()
    {
        await using var app = new DramaGenApplication(new Dictionary<string, string?> { ["IMAGE_MAX_CONCURRENCY"] = "6", ["IMAGE_RPM"] = "30" });
        app.Services.GetRequiredService<DramaGen.Pacing.CapacityPools>().Image.ReportThrottled(TimeSpan.FromSeconds(20));

        var image = (await app.CreateClient().GetFromJsonAsync<JsonObject>("/"))!["pacing"]!["image"]!;

        Assert.Equal(6, image["cap"]!.GetValue<int>());
        Assert.Equal(3, image["liveLimit"]!.GetValue<int>());
        Assert.Equal(1, image["throttled"]!.GetValue<long>());
        Assert.NotNull(image["pausedUntil"]);
        Assert.Equal(30, image["requestsPerMinute"]!["limit"]!.GetValue<int>());
    }

    [Fact]
    public async Task Health_is_healthy_when_storage_answers()
    {
        await using var app = new DramaGenApplication();
        var response = await app.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", (await response.Content.ReadFromJsonAsync<JsonObject>())!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Health_is_503_when_storage_is_unreachable()
    {
        await using var app = new DramaGenApplication();
        var client = app.CreateClient();
        Directory.Delete(app.StorageDir, recursive: true);
        // A file where the storage directory should be makes every write fail.
        File.WriteAllText(app.StorageDir, "not a directory");
        var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("unhealthy", (await response.Content.ReadFromJsonAsync<JsonObject>())!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task OpenApi_document_describes_the_drama_routes_and_the_api_key_scheme()
    {
        await using var app = new DramaGenApplication();
        var document = await app.CreateClient().GetFromJsonAsync<JsonObject>("/openapi/v1.json");
        Assert.NotNull(document!["paths"]!["/dramas/{dramaId}"]);
        Assert.NotNull(document["components"]!["schemas"]!["Drama"]);
        Assert.Equal("X-API-Key", document["components"]!["securitySchemes"]!["ApiKey"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task OpenApi_document_carries_the_xml_comments_of_routes_and_schemas()
    {
        await using var app = new DramaGenApplication();
        var document = await app.CreateClient().GetFromJsonAsync<JsonObject>("/openapi/v1.json");
        Assert.Equal("A short drama: its cast, its episodes and scenes, and the media generated for them.",
            document!["components"]!["schemas"]!["Drama"]!["description"]!.GetValue<string>());
        Assert.Equal("dissolve", document["components"]!["schemas"]!["Drama"]!["properties"]!["transition"]!["example"]!.GetValue<string>());
    }

    [Fact]
    public async Task Swagger_ui_is_served()
    {
        await using var app = new DramaGenApplication();
        var response = await app.CreateClient().GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("swagger", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
