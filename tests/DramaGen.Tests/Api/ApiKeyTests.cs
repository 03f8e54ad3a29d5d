using System.Net;

namespace DramaGen.Tests.Api;

public sealed class ApiKeyTests
{
    private static DramaGenApplication WithKeys() => new(new Dictionary<string, string?> { ["API_KEYS"] = "key-one, key-two" });

    [Fact]
    public async Task Protected_route_without_key_returns_401_problem()
    {
        await using var app = WithKeys();
        var response = await app.CreateClient().GetAsync("/dramas");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("wrong")]
    [InlineData("key-one ")]
    [InlineData("KEY-ONE")]
    public async Task Protected_route_with_wrong_key_returns_401(string key)
    {
        await using var app = WithKeys();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-API-Key", key);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/dramas")).StatusCode);
    }

    [Theory]
    [InlineData("key-one")]
    [InlineData("key-two")]
    public async Task Any_configured_key_is_accepted(string key)
    {
        await using var app = WithKeys();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-API-Key", key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/dramas")).StatusCode);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/swagger/index.html")]
    public async Task Public_routes_need_no_key(string url)
    {
        await using var app = WithKeys();
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task Without_api_keys_auth_is_off()
    {
        await using var app = new DramaGenApplication();
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/dramas")).StatusCode);
    }

    [Fact]
    public async Task Cors_allows_configured_origin_and_exposes_etag()
    {
        await using var app = new DramaGenApplication(new Dictionary<string, string?> { ["CORS_ORIGINS"] = "https://app.example" });
        var request = new HttpRequestMessage(HttpMethod.Options, "/dramas");
        request.Headers.Add("Origin", "https://app.example");
        request.Headers.Add("Access-Control-Request-Method", "PATCH");
        request.Headers.Add("Access-Control-Request-Headers", "x-api-key,if-match");
        var response = await app.CreateClient().SendAsync(request);
        Assert.Equal("https://app.example", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("if-match", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")), StringComparison.OrdinalIgnoreCase);
    }
}
