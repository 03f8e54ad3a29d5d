using System.Net;
using System.Text;
using DramaGen.Tests.Dramas;

namespace DramaGen.Tests.Http;

/// <summary>With auth off, a page of another origin must not be able to change anything (generate, upload, patch).</summary>
public sealed class SameOriginMiddlewareTests
{
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string? origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(SampleDramas.Document("drama_o").ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (origin is not null) request.Headers.Add("Origin", origin);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task A_state_changing_request_from_a_foreign_origin_is_403_and_changes_nothing()
    {
        await using var app = new DramaGenApplication(new Dictionary<string, string?> { ["CORS_ORIGINS"] = "https://studio.example" });
        var client = app.CreateClient();

        var foreign = await PostAsync(client, "/dramas", "https://evil.example");

        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal("application/problem+json", foreign.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/dramas/drama_o")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/dramas")).StatusCode);
    }

    [Theory]
    [InlineData("https://studio.example")]
    [InlineData("http://localhost")]
    [InlineData(null)]
    public async Task A_listed_origin_this_service_or_no_origin_may_change_state(string? origin)
    {
        await using var app = new DramaGenApplication(new Dictionary<string, string?> { ["CORS_ORIGINS"] = "https://studio.example" });

        var response = await PostAsync(app.CreateClient(), "/dramas", origin);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
