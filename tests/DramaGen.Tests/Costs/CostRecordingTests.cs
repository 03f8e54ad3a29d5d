using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DramaGen.Tests.Dramas;
using DramaGen.Tests.Generation.Events;
using DramaGen.Tests.Providers;
using DramaGen.Tests.Providers.Veo;
using WireMock.Server;

namespace DramaGen.Tests.Costs;

/// <summary>
/// A drama generated through stubs that bill as the real APIs do (Gemini images with usageMetadata, Veo seconds): what the
/// plan estimated, what each child job recorded, what the parent, the SSE stream and GET /costs say, all agree.
/// </summary>
public sealed class CostRecordingTests
{
    private const decimal PerImage = 0.039m;
    private const decimal PerVideoSecond = 0.15m;
    // SampleDramas: two portraits and two storyboards; an audition (DEFAULT_VIDEO_DURATION 10 s, which Veo makes at 8) and two 8 s clips.
    private const decimal DramaCost = 4 * PerImage + 3 * 8 * PerVideoSecond;

    private static Dictionary<string, string?> Settings(WireMockServer gemini) => new()
    {
        ["IMAGE_PROVIDER"] = "gemini", ["VIDEO_PROVIDER"] = "veo", ["SPEECH_PROVIDER"] = "local",
        ["GEMINI_API_KEY"] = ProviderTestHost.Key, ["GEMINI_API_BASE"] = gemini.Url,
        ["VIDEO_POLL_INTERVAL_SECONDS"] = "0", ["RETRY_BASE_DELAY_MS"] = "0", ["DEFAULT_VIDEO_DURATION"] = "10",
        ["PRICES:gemini:gemini-2.5-flash-image:per_image"] = "0.039",
        ["PRICES:veo:veo-3.1-fast-generate-preview:per_video_second"] = "0.15",
    };

    [Fact]
    public async Task The_estimate_is_within_5_percent_of_what_the_providers_billed_and_the_run_costs_the_sum_of_its_children()
    {
        using var gemini = WireMockServer.Start();
        _ = new GeminiImageBillingStub(gemini, ProviderTestHost.Key);
        _ = new VeoStub(gemini, ProviderTestHost.Key, VeoSampleDelivery.Uri);
        await using var app = new DramaGenApplication(Settings(gemini));
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/dramas", SampleDramas.Document("drama_cost"))).StatusCode);

        var plan = (await client.GetFromJsonAsync<JsonObject>("/dramas/drama_cost/plan"))!;
        var estimate = (decimal)plan["cost"]!["totalUsd"]!;
        Assert.Equal(0, (int)plan["cost"]!["unpricedNodes"]!);
        Assert.Equal(4 * PerImage, (decimal)plan["cost"]!["byCapability"]!["image"]!);
        Assert.Equal(DramaCost, (decimal)plan["cost"]!["byProvider"]!["gemini"]! + (decimal)plan["cost"]!["byProvider"]!["veo"]!);
        Assert.All(plan["nodes"]!.AsArray().Where(node => (string?)node!["kind"] is "portrait" or "storyboard"),
            node => Assert.Equal(PerImage, (decimal)node!["estimatedCostUsd"]!));

        var accepted = await client.PostAsync("/dramas/drama_cost/generate", null);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(estimate, (decimal)(await accepted.Content.ReadFromJsonAsync<JsonObject>())!["estimate"]!["totalUsd"]!);
        await using var stream = await SseReader.OpenAsync(client, accepted.Headers.Location!.OriginalString + "/events");
        var events = await stream.ReadToEndAsync();
        var parent = await client.WaitForJobAsync(accepted);

        Assert.Equal("completed", JobWaiting.Status(parent));
        var children = parent["jobs"]!.AsArray().Select(child => child!.AsObject()).ToList();
        var recorded = (decimal)parent["cost_usd"]!;
        Assert.Equal(children.Sum(child => (decimal?)child["cost_usd"] ?? 0m), recorded);
        Assert.InRange(recorded, estimate * 0.95m, estimate * 1.05m);
        Assert.All(children.Where(child => (string?)child["job_type"] == "image"), child =>
        {
            Assert.Equal(PerImage, (decimal)child["cost_usd"]!);
            Assert.Equal("images", (string?)child["metadata"]!["usage"]![0]!["unit"]);
        });
        Assert.All(children.Where(child => (string?)child["job_type"] == "video"),
            child => Assert.Equal(8m, (decimal)child["metadata"]!["usage"]![0]!["quantity"]!));

        // SSE progress carries the run's cost as it grows; the end says what it came to.
        var costs = events.Where(e => e.Event is "progress" or "end").Select(e => (decimal)e.Json["cost_usd"]!).ToList();
        Assert.Equal(costs.Order(), costs);
        Assert.Equal(recorded, costs[^1]);

        var drama = (await client.GetFromJsonAsync<JsonObject>("/dramas/drama_cost/costs"))!;
        Assert.Equal(recorded, (decimal)drama["total_usd"]!);
        Assert.Equal(4 * PerImage, (decimal)drama["by_capability"]!["image"]!);
        Assert.Equal(24 * PerVideoSecond, (decimal)drama["by_model"]!["veo/veo-3.1-fast-generate-preview"]!);
        Assert.Equal(recorded, (decimal)drama["runs"]!.AsArray().Single(run => (string?)run!["job_type"] == "dag")!["cost_usd"]!);
    }

    [Fact]
    public async Task An_image_refused_by_our_checks_was_still_billed_and_counts_beside_the_retry_that_replaced_it()
    {
        using var gemini = WireMockServer.Start();
        _ = new GeminiImageBillingStub(gemini, ProviderTestHost.Key, firstAnswerCorrupt: true);
        _ = new VeoStub(gemini, ProviderTestHost.Key, VeoSampleDelivery.Uri);
        // One image at a time: the stub's first answer goes to exactly one node.
        var settings = Settings(gemini);
        settings["IMAGE_MAX_CONCURRENCY"] = "1";
        await using var app = new DramaGenApplication(settings);
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/dramas", SampleDramas.Document("drama_paid"))).StatusCode);

        var first = await client.WaitForJobAsync(await client.PostAsync("/dramas/drama_paid/generate", null));
        Assert.Equal("failed", JobWaiting.Status(first));
        var failed = first["jobs"]!.AsArray().Select(child => child!.AsObject()).Where(child => JobWaiting.Status(child) == "failed").ToList();
        var refused = Assert.Single(failed, child => (string?)child["job_type"] == "image");
        Assert.Contains("base64", (string?)refused["error"]);
        Assert.Equal(PerImage, (decimal)refused["cost_usd"]!);

        var resumed = await client.WaitForJobAsync(await client.PostAsync("/dramas/drama_paid/resume", null));
        Assert.True(JobWaiting.Status(resumed) == "completed", resumed.ToJsonString());

        var costs = (await client.GetFromJsonAsync<JsonObject>("/dramas/drama_paid/costs"))!;
        Assert.Equal(DramaCost + PerImage, (decimal)costs["total_usd"]!);
        Assert.Equal(5 * PerImage, (decimal)costs["by_capability"]!["image"]!);
        Assert.Equal((decimal)first["cost_usd"]! + (decimal)resumed["cost_usd"]!, (decimal)costs["total_usd"]!);
    }
}
