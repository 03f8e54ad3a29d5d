using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DramaGen.Generation.Runs;
using DramaGen.Tests.Dramas;
using DramaGen.Tests.Providers;
using DramaGen.Tests.Providers.Veo;
using Microsoft.Extensions.DependencyInjection;
using WireMock.Server;

namespace DramaGen.Tests.EndToEnd;

/// <summary>A duration the video model does not allow reaches the job file as a note, through the whole service.</summary>
public sealed class ProviderNotesEndToEndTests
{
    [Fact]
    public async Task An_audition_asked_for_10_s_is_made_at_8_s_by_veo_and_its_job_file_says_so()
    {
        using var gemini = WireMockServer.Start();
        _ = new VeoStub(gemini, ProviderTestHost.Key, VeoSampleDelivery.Uri);
        await using var app = new DramaGenApplication(new Dictionary<string, string?>
        {
            ["VIDEO_PROVIDER"] = "veo", ["GEMINI_API_KEY"] = ProviderTestHost.Key, ["GEMINI_API_BASE"] = gemini.Url,
            ["VIDEO_POLL_INTERVAL_SECONDS"] = "0", ["RETRY_BASE_DELAY_MS"] = "0", ["DEFAULT_VIDEO_DURATION"] = "10",
        });
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/dramas", SampleDramas.Document("drama_notes"))).StatusCode);

        var started = await client.PostAsync("/dramas/drama_notes/characters/c001/audition", null);
        var jobId = (string)(await started.Content.ReadFromJsonAsync<JsonObject>())!["jobId"]!;
        await app.Services.GetRequiredService<GenerationRuns>().WhenFinishedAsync(jobId);

        var parent = (await client.GetFromJsonAsync<JsonObject>($"/dramas/drama_notes/jobs/{jobId}"))!;
        Assert.Equal("completed", (string?)parent["status"]);
        var audition = parent["jobs"]!.AsArray().Single(child => (string?)child!["job_type"] == "video")!;
        const string note = "veo: asked 10 s, used 8 s (VEO_DURATIONS: 4, 6, 8)";
        Assert.Equal(note, (string?)audition["metadata"]!["provider_notes"]![0]);
        var file = Path.Combine(app.JobsDir, (string)audition["job_id"]! + ".json");
        Assert.Contains(note, File.ReadAllText(file));
        var start = gemini.LogEntries.Single(entry => entry.RequestMessage.Method == "POST").RequestMessage;
        Assert.Equal(8, JsonNode.Parse(start.Body!)!["parameters"]!["durationSeconds"]!.GetValue<int>());
    }
}
