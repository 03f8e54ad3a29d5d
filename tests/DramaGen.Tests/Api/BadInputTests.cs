using System.Net;
using System.Text;
using DramaGen.Tests.Dramas;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DramaGen.Tests.Api;

/// <summary>Every route, fed junk ids and junk bodies, answers with a 4xx problem detail and never a 500.</summary>
public sealed class BadInputTests
{
    private static readonly string[] Ids = ["drama_p", "nope", "a.b", "..", new string('x', 65), "a%2Fb", "a%20b", "e001", "c001"];

    // Ids that exist in the sample drama, so junk bodies also reach the handlers' deeper paths.
    private static readonly Dictionary<string, string> Existing = new()
    {
        ["dramaId"] = "drama_p", ["characterId"] = "c001", ["episodeId"] = "e001", ["sceneId"] = "s001", ["assetId"] = "a001",
        ["asset_id"] = "a001", ["jobId"] = "job_missing",
    };

    private static readonly (string? ContentType, byte[] Body)[] Bodies =
    [
        (null, []),
        ("application/json", "{"u8.ToArray()),
        ("application/json", "null"u8.ToArray()),
        ("application/json", "[1,2]"u8.ToArray()),
        ("application/json", """{"force":"yes","premise":42,"feedback":[],"title":{"a":1},"characters":"x"}"""u8.ToArray()),
        ("application/json", [0xff, 0xfe, 0x00, 0x7b]),
        ("text/plain", "hello"u8.ToArray()),
        ("application/json", """{"premise":"a","premise":"b","feedback":"a","feedback":"b","title":"a","title":"b"}"""u8.ToArray()),
        ("application/json", [.. "{\"premise\":\"x"u8, 0xC3, 0x28, .. "\",\"title\":\"x"u8, 0xff, .. "\"}"u8]),
        ("application/json", """{"premise":"\ud800","feedback":"\udfff","title":"\ud800x","\udc00":1}"""u8.ToArray()),
        (null, """{"premise":"no content type","title":"t"}"""u8.ToArray()),
        ("multipart/form-data; boundary=zzz", "--zzz\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\njunk\r\n--zzz--\r\n"u8.ToArray()),
    ];

    [Fact]
    public async Task No_route_answers_junk_with_a_server_error()
    {
        await using var app = new DramaGenApplication();
        var client = app.CreateClient();
        var created = await client.PostAsync("/dramas", new StringContent(SampleDramas.Document("drama_p").ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => (Method: method, Template: endpoint.RoutePattern.RawText!)))
            .Where(route => !route.Template.StartsWith("/swagger", StringComparison.Ordinal) && !route.Template.Contains("{**"))
            .Distinct()
            .ToList();
        Assert.True(routes.Count > 30, $"only {routes.Count} routes found");

        var failures = new List<string>();
        var sent = 0;
        foreach (var (method, template) in routes)
        {
            var paths = Ids.Select(id => System.Text.RegularExpressions.Regex.Replace(template, "{[^}]+}", id))
                .Append(System.Text.RegularExpressions.Regex.Replace(template, "{([^}:]+)[^}]*}", match => Existing.GetValueOrDefault(match.Groups[1].Value, "x")));
            foreach (var path in paths)
            {
                var bodies = method is "GET" or "DELETE" ? Bodies.Take(1) : Bodies;
                foreach (var (contentType, body) in bodies)
                {
                    using var request = new HttpRequestMessage(new HttpMethod(method), path);
                    if (contentType is not null || body.Length > 0)
                    {
                        request.Content = new ByteArrayContent(body);
                        if (contentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
                    }
                    using var response = await client.SendAsync(request);
                    sent++;
                    if ((int)response.StatusCode >= 500)
                    {
                        failures.Add($"{method} {path} ({contentType}) -> {(int)response.StatusCode}");
                    }
                    else if ((int)response.StatusCode >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    {
                        failures.Add($"{method} {path} ({contentType}) -> {(int)response.StatusCode} without a problem detail");
                    }
                }
            }
        }
        Assert.Empty(failures);
        Assert.True(sent > 1_000, $"only {sent} requests sent");
    }
}
