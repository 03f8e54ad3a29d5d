using DramaGen.Providers;

namespace DramaGen.Tests.Providers.Sora;

/// <summary>Each clip mode as the Sora client sends it, against the stub that refuses a reference of the wrong size.</summary>
public sealed class SoraModesTests : IDisposable
{
    private readonly ProviderTestHost _host = ProviderTestHost.Start(("VIDEO_PROVIDER", "sora"));
    private readonly ReferenceImage _first = new(TestFrames.Png(768, 1344), "image/png");

    public SoraModesTests() => _ = new SoraStub(_host.Server);

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Text_sends_no_input_reference()
    {
        var media = await _host.Videos.GenerateVideoAsync(new VideoRequest("p", 8, "9:16", _first, Mode: VideoModes.Text));

        Assert.False(MultipartForm.Parse(Assert.Single(_host.RequestsTo("POST", "/v1/videos"))).ContainsKey("input_reference"));
        Assert.Equal(VideoModes.Text, media.Mode);
    }

    [Theory]
    [InlineData(VideoModes.FirstFrame, null)]
    [InlineData(VideoModes.FirstLast, "sora: asked mode first_last, used first_frame (sora has no last frame)")]
    [InlineData(VideoModes.Reference, "sora: asked mode reference, used first_frame (sora takes no reference images)")]
    public async Task Every_other_mode_sends_the_first_frame_at_the_video_size_and_a_fallback_says_why(string mode, string? note)
    {
        var notes = ProviderNotes.Collect();

        var media = await _host.Videos.GenerateVideoAsync(new VideoRequest("p", 8, "9:16", _first, Mode: mode,
            LastFrame: _first, ReferenceImages: [_first]));

        var sent = MultipartForm.Parse(Assert.Single(_host.RequestsTo("POST", "/v1/videos")))["input_reference"];
        Assert.Equal((720, 1280), TestFrames.SizeOf(sent.Bytes));
        Assert.Equal(VideoModes.FirstFrame, media.Mode);
        Assert.Equal(note is null ? [] : [note], notes.Items);
    }
}
