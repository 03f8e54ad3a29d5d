using System.Net;
using System.Text.Json.Nodes;
using DramaGen.Providers;
using DramaGen.Providers.Veo;
using WireMock.Server;

namespace DramaGen.Tests.Providers.Veo;

/// <summary>The Veo client against a stub that enforces the Gemini API's real predictLongRunning rules.</summary>
public sealed class VeoRulesTests : IDisposable
{
    private readonly ProviderTestHost _host = ProviderTestHost.Start(("VIDEO_PROVIDER", "veo"));

    public void Dispose() => _host.Dispose();

    public static TheoryData<int, int, string, string> Frames => new()
    {
        { 768, 1344, "image/png", "9:16" }, { 1024, 1024, "image/jpeg", "9:16" }, { 1344, 768, "image/png", "16:9" },
    };

    [Theory]
    [MemberData(nameof(Frames))]
    public async Task A_real_first_frame_is_sent_as_bytesBase64Encoded_with_a_numeric_duration_and_accepted(
        int width, int height, string mimeType, string aspect)
    {
        _ = new VeoStub(_host.Server, ProviderTestHost.Key, VeoSampleDelivery.Uri);
        var frame = mimeType == "image/png" ? TestFrames.Png(width, height) : TestFrames.Jpeg(width, height);

        var media = await _host.Videos.GenerateVideoAsync(new VideoRequest("Mara opens the hatch", 8, aspect, new ReferenceImage(frame, mimeType)));

        Assert.Equal(VeoStub.Mp4, media.Content);
        var body = JsonNode.Parse(Assert.Single(_host.Requests, r => r.Method == "POST").Body!)!;
        Assert.Equal(System.Text.Json.JsonValueKind.Number, body["parameters"]!["durationSeconds"]!.GetValueKind());
        Assert.Equal(Convert.ToBase64String(frame), (string?)body["instances"]![0]!["image"]!["bytesBase64Encoded"]);
        Assert.Equal(aspect, (string?)body["parameters"]!["aspectRatio"]);
    }

    [Theory]
    [InlineData(VeoSampleDelivery.EncodedVideo)]
    [InlineData(VeoSampleDelivery.BytesBase64Encoded)]
    public async Task A_sample_returned_inline_is_decoded_without_a_download(VeoSampleDelivery delivery)
    {
        _ = new VeoStub(_host.Server, ProviderTestHost.Key, delivery);

        var media = await _host.Videos.GenerateVideoAsync(new VideoRequest("p", 8, "9:16"));

        Assert.Equal(VeoStub.Mp4, media.Content);
        Assert.Equal("video/mp4", media.ContentType);
        Assert.Empty(_host.RequestsTo("GET", VeoStub.FilePath));
    }

    [Fact]
    public async Task An_unallowed_duration_is_sent_as_the_nearest_allowed_number_and_noted_for_the_job()
    {
        _ = new VeoStub(_host.Server, ProviderTestHost.Key, VeoSampleDelivery.Uri);
        var notes = ProviderNotes.Collect();

        await _host.Videos.GenerateVideoAsync(new VideoRequest("p", 10, "9:16"));

        var body = JsonNode.Parse(Assert.Single(_host.Requests, r => r.Method == "POST").Body!)!;
        Assert.Equal(8, body["parameters"]!["durationSeconds"]!.GetValue<int>());
        Assert.Equal(["veo: asked 10 s, used 8 s (VEO_DURATIONS: 4, 6, 8)"], notes.Items);
    }

    [Fact]
    public async Task The_stub_refuses_a_string_durationSeconds_and_an_inlineData_first_frame()
    {
        _ = new VeoStub(_host.Server, ProviderTestHost.Key, VeoSampleDelivery.Uri);
        using var client = new HttpClient();
        client.DefaultRequestHeaders.Add("x-goog-api-key", ProviderTestHost.Key);
        var url = _host.Server.Url + "/v1beta/models/veo-3.1-fast-generate-preview:predictLongRunning";
        var png = Convert.ToBase64String(TestFrames.Png(768, 1344));

        var stringDuration = await client.PostAsync(url, Json(new { instances = new[] { new { prompt = "p" } }, parameters = new { durationSeconds = "8" } }));
        var inlineData = await client.PostAsync(url, Json(new
        {
            instances = new[] { new { prompt = "p", image = new { inlineData = new { mimeType = "image/png", data = png } } } },
            parameters = new { durationSeconds = 8 },
        }));

        Assert.Equal(HttpStatusCode.BadRequest, stringDuration.StatusCode);
        Assert.Equal("INVALID_ARGUMENT", (string?)JsonNode.Parse(await stringDuration.Content.ReadAsStringAsync())!["error"]!["status"]);
        Assert.Equal(HttpStatusCode.BadRequest, inlineData.StatusCode);
        Assert.Contains("inlineData", (string?)JsonNode.Parse(await inlineData.Content.ReadAsStringAsync())!["error"]!["message"]);
    }

    [Fact]
    public async Task The_key_goes_to_the_gemini_base_but_never_to_a_sample_uri_on_another_host()
    {
        using var other = WireMockServer.Start();
        _ = new VeoStub(other, ProviderTestHost.Key, VeoSampleDelivery.Uri);
        _ = new VeoStub(_host.Server, ProviderTestHost.Key, VeoSampleDelivery.Uri, sampleUri: other.Url + VeoStub.FilePath + "?alt=media");

        // The other host wants the key and does not get it: a clear failure, not a leaked key.
        var failure = await Assert.ThrowsAsync<ProviderException>(() => _host.Videos.GenerateVideoAsync(new VideoRequest("p", 8, "9:16")));

        Assert.Contains("403", failure.Message);
        var download = Assert.Single(other.LogEntries).RequestMessage;
        Assert.Null(ProviderTestHost.Header(download, "x-goog-api-key"));
        Assert.Equal(ProviderTestHost.Key, ProviderTestHost.Header(Assert.Single(_host.Requests, r => r.Method == "POST"), "x-goog-api-key"));
    }

    [Theory]
    [InlineData("https://generativelanguage.googleapis.com/v1beta/files/abc:download?alt=media", "https://gateway.example/", true)]
    [InlineData("https://gateway.example/v1beta/models/x", "https://gateway.example/", true)]
    [InlineData("https://storage.example/v/abc.mp4", "https://gateway.example/", false)]
    [InlineData("http://generativelanguage.googleapis.com/v1beta/files/abc", "https://gateway.example/", false)]
    [InlineData("https://generativelanguage.googleapis.com.evil.example/x", "https://gateway.example/", false)]
    public void The_key_goes_only_to_the_gemini_api_host_and_the_configured_base(string target, string baseAddress, bool receives) =>
        Assert.Equal(receives, VeoVideoProvider.ReceivesKey(new Uri(target), new Uri(baseAddress)));

    private static StringContent Json(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
