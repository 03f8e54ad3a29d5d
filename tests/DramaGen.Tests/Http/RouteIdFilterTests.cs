using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using DramaGen.Tests.Dramas;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DramaGen.Tests.Http;

/// <summary>The route groups' id filter: every id of a path is checked before any handler reads it.</summary>
public sealed class RouteIdFilterTests
{
    private static readonly Dictionary<string, string> Existing = new()
    {
        ["dramaId"] = "drama_p", ["characterId"] = "c001", ["episodeId"] = "e001", ["sceneId"] = "s001", ["assetId"] = "a001", ["lineId"] = "l001", ["jobId"] = "job_missing",
    };

    [Fact]
    public async Task Each_malformed_path_id_of_a_drama_route_answers_400_naming_that_id()
    {
        await using var app = new DramaGenApplication();
        var client = app.CreateClient();
        var created = await client.PostAsync("/dramas", new StringContent(SampleDramas.Document("drama_p").ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.RoutePattern.RawText!.StartsWith("/dramas/{dramaId}", StringComparison.Ordinal))
            .SelectMany(endpoint => endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods
                .Select(method => (Method: method, Template: endpoint.RoutePattern.RawText!)))
            .ToList();
        Assert.True(routes.Count > 20, $"only {routes.Count} drama routes found");

        foreach (var (method, template) in routes)
        {
            foreach (Match junk in Regex.Matches(template, "{([^}]+)}"))
            {
                var path = Regex.Replace(template, "{([^}]+)}", id => id.Value == junk.Value ? "a.b" : Existing[id.Groups[1].Value]);
                using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {path}: {response.StatusCode}");
                var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
                Assert.Equal($"{junk.Groups[1].Value} 'a.b' is not valid: ids match ^[A-Za-z0-9_-]{{1,64}}$.", problem!.Detail);
            }
        }
    }
}
