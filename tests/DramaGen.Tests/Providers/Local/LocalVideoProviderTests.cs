using DramaGen.Configuration;
using DramaGen.Providers;
using DramaGen.Providers.Local;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace DramaGen.Tests.Providers.Local;

public sealed class LocalVideoProviderTests : IDisposable
{
    private const string Prompt = "Slow push-in on Mara at the top of the lighthouse as the storm breaks.";
    private readonly string _tempRoot = Directory.CreateTempSubdirectory("dramagen-video-tests-").FullName;

    public void Dispose() => Directory.Delete(_tempRoot, recursive: true);

    private LocalVideoProvider CreateSut(LocalProviderOptions? options = null) =>
        new(options ?? new LocalProviderOptions(), TimeProvider.System, NullLogger.Instance, _tempRoot);

    [Theory]
    [InlineData(4, "9:16", 360, 640)]
    [InlineData(8, "16:9", 640, 360)]
    public async Task Makes_an_h264_mp4_of_the_requested_duration_and_aspect_ratio(int seconds, string ratio, int width, int height)
    {
        var media = await CreateSut().GenerateVideoAsync(new VideoRequest(Prompt, seconds, ratio));

        var report = await FfprobeReport.ProbeAsync(media.Content);
        Assert.Equal(("h264", "yuv420p", width, height), (report.CodecName, report.PixelFormat, report.Width, report.Height));
        Assert.InRange(report.DurationSeconds, seconds - 0.1, seconds + 0.1);
        Assert.Equal(("video/mp4", "local", "local-zoom-v1@360"), (media.ContentType, media.Provider, media.Model));
    }

    [Fact]
    public async Task Rounds_odd_frame_sizes_down_to_even_ones()
    {
        var media = await CreateSut(new LocalProviderOptions { MediaShortSide = 101 }).GenerateVideoAsync(new VideoRequest(Prompt, 1, "3:2"));

        var report = await FfprobeReport.ProbeAsync(media.Content);
        Assert.Equal((150, 100), (report.Width, report.Height));
    }

    [Fact]
    public async Task Starts_from_the_first_frame_image()
    {
        var red = new ReferenceImage(TestImages.SolidPng(SKColors.Red, 300, 500), "image/png", "storyboard");

        var media = await CreateSut().GenerateVideoAsync(new VideoRequest(Prompt, 2, "9:16", FirstFrame: red));

        using var frame = TestImages.Decode(await FfprobeReport.FirstFramePngAsync(media.Content));
        var reddish = TestImages.CountPixels(frame, c => c.Red > 200 && c.Green < 50 && c.Blue < 50);
        Assert.True(reddish > frame.Width * frame.Height * 9 / 10, $"{reddish} of {frame.Width * frame.Height} pixels are red");
    }

    [Fact]
    public async Task Same_request_gives_identical_bytes_and_another_prompt_different_ones()
    {
        var first = await CreateSut().GenerateVideoAsync(new VideoRequest(Prompt, 2, "9:16"));
        var second = await CreateSut().GenerateVideoAsync(new VideoRequest(Prompt, 2, "9:16"));
        var other = await CreateSut().GenerateVideoAsync(new VideoRequest(Prompt + " Lightning.", 2, "9:16"));

        Assert.Equal(first.Content, second.Content);
        Assert.NotEqual(first.Content, other.Content);
    }

    [Fact]
    public async Task Announces_a_deterministic_operation_id_before_rendering_and_not_again_on_resume()
    {
        var log = Path.Combine(_tempRoot, "calls.log");
        var sut = CreateSut(new LocalProviderOptions { CallLogPath = log });
        var announced = new List<string>();

        var media = await sut.GenerateVideoAsync(new VideoRequest(Prompt, 1, "9:16",
            OnOperationStarted: (id, _) =>
            {
                // Nothing has been rendered yet: the renderer's temp directory does not exist.
                Assert.Empty(Directory.EnumerateDirectories(_tempRoot, "dramagen-video-*"));
                announced.Add(id);
                return Task.CompletedTask;
            }));
        var resumed = await sut.GenerateVideoAsync(new VideoRequest(Prompt, 1, "9:16", ExistingOperationId: media.ProviderJobId,
            OnOperationStarted: (id, _) => { announced.Add(id); return Task.CompletedTask; }));

        var id = Assert.Single(announced);
        Assert.StartsWith("local-", id);
        Assert.Equal(id, media.ProviderJobId);
        Assert.Equal(media.Content, resumed.Content);
        Assert.Equal(["video", "video.resume"], (await File.ReadAllLinesAsync(log)).Select(l => l.Split('\t')[1]));
    }

    [Fact]
    public async Task A_missing_ffmpeg_fails_with_a_clear_non_retryable_error()
    {
        var sut = CreateSut(new LocalProviderOptions { FfmpegPath = "/nonexistent/bin/ffmpeg" });

        var error = await Assert.ThrowsAsync<ProviderException>(() => sut.GenerateVideoAsync(new VideoRequest(Prompt, 1, "9:16")));

        Assert.False(error.IsRetryable);
        Assert.Contains("FFMPEG_PATH", error.Message);
        Assert.Contains("/nonexistent/bin/ffmpeg", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_tempRoot));
    }

    [Fact]
    public async Task A_first_frame_ffmpeg_cannot_read_fails_with_its_error_and_leaves_no_temp_files()
    {
        var garbage = new ReferenceImage("definitely not an image"u8.ToArray(), "image/png");

        var error = await Assert.ThrowsAsync<ProviderException>(() => CreateSut().GenerateVideoAsync(new VideoRequest(Prompt, 1, "9:16", FirstFrame: garbage)));

        Assert.Contains("ffmpeg failed", error.Message);
        Assert.False(error.IsRetryable);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_tempRoot));
    }

    [Fact]
    public async Task Successful_renders_leave_no_temp_files()
    {
        await CreateSut().GenerateVideoAsync(new VideoRequest(Prompt, 1, "1:1"));

        Assert.Empty(Directory.EnumerateFileSystemEntries(_tempRoot));
    }

    [Fact]
    public async Task Cancelling_stops_ffmpeg_and_cleans_up()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            CreateSut(new LocalProviderOptions { MediaShortSide = 720 }).GenerateVideoAsync(new VideoRequest(Prompt, 600, "9:16"), cancel.Token));

        Assert.Empty(Directory.EnumerateFileSystemEntries(_tempRoot));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(601)]
    public async Task Rejects_a_duration_out_of_range_without_retry(int seconds)
    {
        var error = await Assert.ThrowsAsync<ProviderException>(() => CreateSut().GenerateVideoAsync(new VideoRequest(Prompt, seconds, "9:16")));

        Assert.False(error.IsRetryable);
    }

    [Fact]
    public async Task Simulated_failure_rate_one_fails_the_video_before_rendering()
    {
        var error = await Assert.ThrowsAsync<ProviderException>(() =>
            CreateSut(new LocalProviderOptions { FailureRate = 1.0 }).GenerateVideoAsync(new VideoRequest(Prompt, 1, "9:16")));

        Assert.Contains("simulated failure", error.Message);
        Assert.False(error.IsRetryable);
    }

    [Fact]
    public void Local_providers_are_constructible_by_dependency_injection()
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddSingleton(Options.Create(new LocalProviderOptions()))
            .BuildServiceProvider();

        Assert.Equal("local", ActivatorUtilities.CreateInstance<LocalTextProvider>(services).Name);
        Assert.Equal("local", ActivatorUtilities.CreateInstance<LocalImageProvider>(services).Name);
        Assert.Equal("local", ActivatorUtilities.CreateInstance<LocalVideoProvider>(services).Name);
    }
}
