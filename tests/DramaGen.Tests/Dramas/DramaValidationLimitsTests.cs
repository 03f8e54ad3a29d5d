using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace DramaGen.Tests.Dramas;

/// <summary>An invalid drama's answer stays small however big the document: limits stop at their first violation, the list is capped.</summary>
public sealed class DramaValidationLimitsTests
{
    private static async Task<(HttpResponseMessage Response, byte[] Body)> PostAsync(HttpClient client, byte[] body)
    {
        var response = await client.PostAsync("/dramas", new ByteArrayContent(body) { Headers = { { "Content-Type", "application/json" } } });
        return (response, await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("characters")]
    [InlineData("episodes")]
    public async Task Eight_MiB_of_nulls_is_one_small_422(string list)
    {
        await using var app = new DramaGenApplication();
        var body = new StringBuilder($$"""{"title":"t","{{list}}":[null""");
        while (body.Length < 8 * 1024 * 1024 - 16) body.Append(",null");
        body.Append("]}");

        var (response, answer) = await PostAsync(app.CreateClient(), Encoding.UTF8.GetBytes(body.ToString()));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True(answer.Length < 100 * 1024, $"the answer is {answer.Length} bytes");
        var errors = JsonNode.Parse(answer)!["errors"]!.AsObject();
        Assert.Contains("must have at most", errors[list]![0]!.GetValue<string>());
        Assert.DoesNotContain(errors, pair => pair.Key.StartsWith(list + "[", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Many_problems_within_the_limits_list_the_first_100_and_count_them_all()
    {
        await using var app = new DramaGenApplication();
        var document = SampleDramas.Document("drama_many");
        document["characters"] = new JsonArray([.. Enumerable.Range(0, 100).Select(_ => (JsonNode)new JsonObject { ["id"] = "bad id!" })]);

        var (response, answer) = await PostAsync(app.CreateClient(), Encoding.UTF8.GetBytes(document.ToJsonString()));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = JsonNode.Parse(answer)!;
        Assert.Equal(100, problem["errors"]!.AsObject().Sum(pair => pair.Value!.AsArray().Count));
        Assert.True(problem["errorCount"]!.GetValue<int>() > 100, problem["errorCount"]!.ToJsonString());
        Assert.Contains("first 100 of", problem["detail"]!.GetValue<string>());
    }
}
