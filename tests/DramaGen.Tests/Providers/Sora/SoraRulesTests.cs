using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using DramaGen.Providers;
using SkiaSharp;

namespace DramaGen.Tests.Providers.Sora;

/// <summary>The Sora client against a stub that enforces Sora's real create rules.</summary>
public sealed class SoraRulesTests : IDisposable
{
    private readonly ProviderTestHost _host = ProviderTestHost.Start(("VIDEO_PROVIDER", "sora"));

    public SoraRulesTests() => _ = new SoraStub(_host.Server);

    public void Dispose() => _host.Dispose();

    public static TheoryData<int, int, string, string, string> Frames => new()
    {
        { 768, 1344, "image/png", "9:16", "720x1280" },   // a gemini-2.5-flash-image 9:16 storyboard
        { 1024, 1024, "image/jpeg", "1:1", "720x1280" },  // a square portrait
        { 1344, 768, "image/png", "16:9", "1280x720" },   // a 16:9 storyboard
        { 768, 1344, "image/jpeg", "16:9", "1280x720" },  // a portrait frame for a landscape clip
    };

    [Theory]
    [MemberData(nameof(Frames))]
    public async Task A_first_frame_of_another_size_is_cover_cropped_to_exactly_the_video_size_and_accepted(
        int width, int height, string mimeType, string aspect, string size)
    {
        var frame = mimeType == "image/png" ? TestFrames.Png(width, height) : TestFrames.Jpeg(width, height);

        var media = await _host.Videos.GenerateVideoAsync(new VideoRequest("Mara opens the hatch", 8, aspect, new ReferenceImage(frame, mimeType)));

        Assert.Equal(SoraStub.Mp4, media.Content);
        var form = MultipartForm.Parse(Assert.Single(_host.RequestsTo("POST", "/v1/videos")));
        Assert.Equal(size, form["size"].Text);
        var sent = form["input_reference"];
        var expected = size.Split('x').Select(int.Parse).ToArray();
        Assert.Equal((expected[0], expected[1]), TestFrames.SizeOf(sent.Bytes));
        Assert.Equal(mimeType, sent.ContentType);
        // Centred: the red square in the middle of the original is still in the middle.
        var centre = TestFrames.CentreOf(sent.Bytes);
        Assert.True(centre.Red > 200 && centre.Green < 60 && centre.Blue < 60, $"centre is {centre}");
    }

    [Fact]
    public async Task The_stub_refuses_a_reference_of_the_wrong_size_with_the_real_error_shape()
    {
        using var client = new HttpClient();
        using var form = new MultipartFormDataContent
        {
            { new StringContent("sora-2"), "model" }, { new StringContent("p"), "prompt" },
            { new StringContent("8"), "seconds" }, { new StringContent("720x1280"), "size" },
        };
        var image = new ByteArrayContent(TestFrames.Png(768, 1344));
        image.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(image, "input_reference", "frame.png");

        var response = await client.PostAsync(_host.Server.Url + "/v1/videos", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("Inpaint image must match the requested width and height", (string?)error["message"]);
        Assert.Equal(("invalid_request_error", "input_reference"), ((string?)error["type"], (string?)error["param"]));
    }

    [Fact]
    public async Task The_stub_refuses_seconds_outside_4_8_12_and_the_client_fails_without_retrying()
    {
        var provider = ProviderTestHost.Start(("VIDEO_PROVIDER", "sora"), ("SORA_DURATIONS", "4,10"));
        using var host = provider;
        _ = new SoraStub(host.Server);

        var failure = await Assert.ThrowsAsync<ProviderException>(() => host.Videos.GenerateVideoAsync(new VideoRequest("p", 10, "9:16")));

        Assert.False(failure.IsRetryable);
        Assert.Contains("Supported values are: '4', '8', and '12'", failure.Message);
        Assert.Single(host.RequestsTo("POST", "/v1/videos"));
    }

    [Fact]
    public async Task An_unallowed_duration_is_sent_as_the_nearest_allowed_and_noted_for_the_job()
    {
        var notes = ProviderNotes.Collect();

        await _host.Videos.GenerateVideoAsync(new VideoRequest("p", 10, "9:16"));

        Assert.Equal("12", MultipartForm.Parse(Assert.Single(_host.RequestsTo("POST", "/v1/videos")))["seconds"].Text);
        Assert.Equal(["sora: asked 10 s, used 12 s (SORA_DURATIONS: 4, 8, 12)"], notes.Items);
    }

    [Fact]
    public async Task An_allowed_duration_leaves_no_note()
    {
        var notes = ProviderNotes.Collect();
        await _host.Videos.GenerateVideoAsync(new VideoRequest("p", 8, "9:16"));
        Assert.Empty(notes.Items);
    }

    [Fact]
    public async Task A_first_frame_that_is_not_an_image_fails_without_paying_for_a_video()
    {
        var failure = await Assert.ThrowsAsync<ProviderException>(() =>
            _host.Videos.GenerateVideoAsync(new VideoRequest("p", 8, "9:16", new ReferenceImage([1, 2, 3, 4], "image/png"))));

        Assert.False(failure.IsRetryable);
        Assert.Empty(_host.RequestsTo("POST", "/v1/videos"));
    }

    [Fact]
    public async Task A_webp_frame_of_the_exact_size_is_sent_as_it_is()
    {
        using var surface = SKSurface.Create(new SKImageInfo(720, 1280));
        surface.Canvas.Clear(SKColors.Teal);
        using var encoded = surface.Snapshot().Encode(SKEncodedImageFormat.Webp, 80);
        var webp = encoded.ToArray();

        await _host.Videos.GenerateVideoAsync(new VideoRequest("p", 8, "9:16", new ReferenceImage(webp, "image/webp")));

        var sent = MultipartForm.Parse(Assert.Single(_host.RequestsTo("POST", "/v1/videos")))["input_reference"];
        Assert.Equal(webp, sent.Bytes);
        Assert.Equal("image/webp", sent.ContentType);
    }
}
