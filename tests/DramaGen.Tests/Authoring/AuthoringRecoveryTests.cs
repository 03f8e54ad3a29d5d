using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace DramaGen.Tests.Authoring;

public sealed class AuthoringRecoveryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dramagen-authoring-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    private DramaGenApplication App(int textLatencyMs) => new(new Dictionary<string, string?>
    {
        ["STORAGE_DIR"] = Path.Combine(_root, "storage"), ["JOBS_DIR"] = Path.Combine(_root, "jobs"),
        ["LOCAL_TEXT_LATENCY_MS"] = textLatencyMs.ToString(),
    });

    [Fact]
    public async Task A_writing_job_cut_short_by_shutdown_completes_after_restart()
    {
        string location;
        await using (var first = App(textLatencyMs: 600_000))
        {
            var accepted = await first.CreateClient().PostAsJsonAsync("/dramas", new { premise = "A radio that only plays tomorrow's news." });
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            location = accepted.Headers.Location!.OriginalString;
        }

        await using var second = App(textLatencyMs: 0);
        var client = second.CreateClient();
        var job = await client.WaitForJobAsync(location);

        Assert.True(job["status"]!.GetValue<string>() == "completed", job.ToJsonString());
        var dramaId = job["result"]!["dramaId"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/dramas/{dramaId}")).StatusCode);
    }
}
