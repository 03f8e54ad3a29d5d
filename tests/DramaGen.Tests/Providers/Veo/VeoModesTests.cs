using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DramaGen.Providers;

namespace DramaGen.Tests.Providers.Veo;

/// <summary>Each clip mode as the Veo client sends it, against the stub that enforces Veo 3.1's rules.</summary>
public sealed class VeoModesTests : IDisposable
{
    private readonly ProviderTestHost _host = ProviderTestHost.Start(("VIDEO_PROVIDER", "veo"));
    private readonly ReferenceImage _first = new(TestFrames.Png(768, 1344), "image/png");
    private readonly ReferenceImage _last = new(TestFrames.Png(768, 1376), "image/png");

    public VeoModesTests() => _ = new VeoStub(_host.Server, ProviderTestHost.Key, VeoSampleDelivery.Uri);

    public void Dispose() => _host.Dispose();

    private JsonNode Instance() => JsonNode.Parse(Assert.Single(_host.Requests, r => r.Method == "POST").Body!)!["instances"]![0]!;

    private JsonNode Parameters() => JsonNode.Parse(Assert.Single(_host.Requests, r => r.Method == "POST").Body!)!["parameters"]!;

    [Fact]
    public async Task Text_sends_no_image_even_when_a_first_frame_exists()
    {
        var media = await _host.Videos.GenerateVideoAsync(new VideoRequest("p", 8, "9:16", _first, Mode: VideoModes.Text));

        Assert.Null(Instance()["image"]);
        Assert.Equal(VideoModes.Text, media.Mode);
    }

    [Fact]
    public async Task First_last_sends_image_and_lastFrame_in_the_instance()
    {
        var media = await _host.Videos.GenerateVideoAsync(new VideoRequest("p", 6, "9:16", _first, Mode: VideoModes.FirstLast, LastFrame: _last));

        Assert.Equal(Convert.ToBase64String(_first.Data), (string?)Instance()["image"]!["bytesBase64Encoded"]);
        Assert.Equal(Convert.ToBase64String(_last.Data), (string?)Instance()["lastFrame"]!["bytesBase64Encoded"]);
        Assert.Null(Parameters()["lastFrame"]);
        Assert.Equal(6, (int)Parameters()["durationSeconds"]!);
        Assert.Equal(VideoModes.FirstLast, media.Mode);
    }

    [Fact]
    public async Task Reference_sends_at_most_three_asset_images_without_a_first_frame_at_8_seconds_and_says_so()
    {
        var notes = ProviderNotes.Collect();
        var sheet = Enumerable.Range(0, 5).Select(i => new ReferenceImage(TestFrames.Png(512 + i, 512), "image/png")).ToList();

        var media = await _host.Videos.GenerateVideoAsync(new VideoRequest("p", 4, "9:16", _first, Mode: VideoModes.Reference, ReferenceImages: sheet));

        var references = Instance()["referenceImages"]!.AsArray();
        Assert.Equal(sheet.Take(3).Select(image => Convert.ToBase64String(image.Data)),
            references.Select(reference => (string?)reference!["image"]!["bytesBase64Encoded"]));
        Assert.All(references, reference => Assert.Equal("asset", (string?)reference!["referenceType"]));
        Assert.Null(Instance()["image"]);
        Assert.Equal(8, (int)Parameters()["durationSeconds"]!);
        Assert.Equal(VideoModes.Reference, media.Mode);
        Assert.Contains("veo: asked 4 s, used 8 s (reference images need 8 s: 8)", notes.Items);
    }

    [Fact]
    public async Task A_model_without_reference_images_falls_back_to_the_first_frame_and_the_job_says_why()
    {
        using var host = ProviderTestHost.Start(("VIDEO_PROVIDER", "veo"), ("VEO_MODEL", "veo-3.1-lite-generate-preview"));
        _ = new VeoStub(host.Server, ProviderTestHost.Key, VeoSampleDelivery.Uri);
        var notes = ProviderNotes.Collect();

        var media = await host.Videos.GenerateVideoAsync(new VideoRequest("p", 8, "9:16", _first, Mode: VideoModes.Reference,
            ReferenceImages: [_last]));

        Assert.Equal(VideoModes.FirstFrame, media.Mode);
        Assert.Contains("veo: asked mode reference, used first_frame (veo-3.1-lite-generate-preview takes no reference images)", notes.Items);
        var instance = JsonNode.Parse(Assert.Single(host.Requests, r => r.Method == "POST").Body!)!["instances"]![0]!;
        Assert.Null(instance["referenceImages"]);
        Assert.NotNull(instance["image"]);
    }

    [Theory]
    [InlineData(true, 1, 8, "`referenceImages` cannot be combined with `image` or `lastFrame`.")]
    [InlineData(false, 4, 8, "At most 3 reference images are supported, got 4.")]
    [InlineData(false, 1, 6, "`durationSeconds` must be 8 when using reference images.")]
    public async Task The_stub_refuses_what_Veo_refuses_with_reference_images(bool withFrames, int count, int seconds, string message)
    {
        var image = new { bytesBase64Encoded = Convert.ToBase64String(TestFrames.Png(64, 64)), mimeType = "image/png" };
        var references = Enumerable.Range(0, count).Select(_ => new { image, referenceType = "asset" }).ToArray();
        object instance = withFrames
            ? new { prompt = "p", image, lastFrame = image, referenceImages = references }
            : new { prompt = "p", referenceImages = references };
        using var client = new HttpClient { BaseAddress = new Uri(_host.Server.Urls[0]) };
        client.DefaultRequestHeaders.Add("x-goog-api-key", ProviderTestHost.Key);

        using var response = await client.PostAsJsonAsync("v1beta/models/veo-3.1-generate-preview:predictLongRunning",
            new { instances = new[] { instance }, parameters = new { aspectRatio = "9:16", durationSeconds = seconds } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal(("INVALID_ARGUMENT", message), ((string?)error["status"], (string?)error["message"]));
    }

    [Fact]
    public async Task The_stub_takes_three_asset_references_at_8_seconds()
    {
        var image = new { bytesBase64Encoded = Convert.ToBase64String(TestFrames.Png(64, 64)), mimeType = "image/png" };
        var references = Enumerable.Range(0, 3).Select(_ => new { image, referenceType = "asset" }).ToArray();
        using var client = new HttpClient { BaseAddress = new Uri(_host.Server.Urls[0]) };
        client.DefaultRequestHeaders.Add("x-goog-api-key", ProviderTestHost.Key);

        using var response = await client.PostAsJsonAsync("v1beta/models/veo-3.1-generate-preview:predictLongRunning",
            new { instances = new[] { new { prompt = "p", referenceImages = references } }, parameters = new { aspectRatio = "9:16", durationSeconds = 8 } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
