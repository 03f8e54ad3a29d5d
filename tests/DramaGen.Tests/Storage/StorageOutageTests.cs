using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace DramaGen.Tests.Storage;

/// <summary>An object store that cannot be reached: every route that needs it answers a 503 problem naming storage.</summary>
public sealed class StorageOutageTests
{
    [Fact]
    public async Task Routes_answer_a_503_problem_naming_storage_while_the_object_store_is_down()
    {
        await using var app = new DramaGenApplication(new Dictionary<string, string?>
        {
            ["R2_ENDPOINT"] = $"http://127.0.0.1:{UnusedPort()}", ["R2_ACCESS_KEY_ID"] = "S3RVER", ["R2_SECRET_ACCESS_KEY"] = "S3RVER",
            ["R2_BUCKET"] = "down", ["R2_ACCOUNT_ID"] = "down",
        });
        var client = app.CreateClient();

        var answers = new[]
        {
            await client.GetAsync("/dramas/drama_down"),
            await client.GetAsync("/dramas"),
            await client.PatchAsync("/dramas/drama_down", JsonContent.Create(new JsonObject { ["title"] = "T" })),
            await client.PostAsync("/dramas/drama_down/generate", null),
        };

        foreach (var answer in answers)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
            var problem = (await answer.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal("Storage unavailable", problem["title"]!.GetValue<string>());
            Assert.Contains("object store (s3)", problem["detail"]!.GetValue<string>());
        }
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
