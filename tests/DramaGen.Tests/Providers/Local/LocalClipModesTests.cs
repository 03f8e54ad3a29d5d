using DramaGen.Configuration;
using DramaGen.Providers;
using DramaGen.Providers.Local;
using Microsoft.Extensions.Logging.Abstractions;
using SkiaSharp;

namespace DramaGen.Tests.Providers.Local;

public sealed class LocalClipModesTests : IDisposable
{
    private const string Prompt = "Mara crosses the gallery of the lighthouse.";
    // Mean absolute difference (0-255) between two 18x32 RGB thumbnails: H.264 at CRF 28 with 4:2:0 chroma measures
    // about 14 on these hard colour edges, the storyboard against the end frame over 100.
    private const double SameFrame = 20;
    private readonly string _tempRoot = Directory.CreateTempSubdirectory("dramagen-modes-tests-").FullName;

    public void Dispose() => Directory.Delete(_tempRoot, recursive: true);

    private LocalVideoProvider CreateSut() => new(new LocalProviderOptions(), TimeProvider.System, NullLogger.Instance, _tempRoot);

    [Fact]
    public async Task A_first_last_clip_opens_on_the_storyboard_and_closes_on_the_end_frame()
    {
        var storyboard = Halves(SKColors.Red, SKColors.Blue, vertical: true);
        var end = Halves(SKColors.Yellow, SKColors.DarkGreen, vertical: false);

        var media = await CreateSut().GenerateVideoAsync(new VideoRequest(Prompt, 2, "9:16", FirstFrame: Png(storyboard),
            Mode: VideoModes.FirstLast, LastFrame: Png(end)));

        var (first, last) = (await ThumbnailAsync(media.Content, "scale=18:32"), await ThumbnailAsync(media.Content, "reverse,scale=18:32"));
        var (storyboardThumb, endThumb) = (await ThumbnailAsync(storyboard, "scale=18:32"), await ThumbnailAsync(end, "scale=18:32"));
        Assert.InRange(Difference(first, storyboardThumb), 0, SameFrame);
        Assert.InRange(Difference(last, endThumb), 0, SameFrame);
        Assert.True(Difference(first, last) > 3 * SameFrame, "the clip must move from one frame to the other");
        Assert.Equal(VideoModes.FirstLast, media.Mode);
    }

    [Fact]
    public async Task A_reference_clip_shows_the_reference_images_and_not_the_first_frame()
    {
        var red = Png(TestImages.SolidPng(SKColors.Red, 200, 300));
        var blue = new ReferenceImage(TestImages.SolidPng(SKColors.Blue, 200, 300), "image/png", "first");

        var media = await CreateSut().GenerateVideoAsync(new VideoRequest(Prompt, 1, "9:16", FirstFrame: blue, Mode: VideoModes.Reference,
            ReferenceImages: [red]));

        using var frame = TestImages.Decode(await FfprobeReport.FirstFramePngAsync(media.Content));
        Assert.True(TestImages.CountPixels(frame, c => c.Red > 200 && c.Green < 60 && c.Blue < 60) > 100, "the reference is visible");
        Assert.True(TestImages.CountPixels(frame, c => c.Blue > 200 && c.Red < 60 && c.Green < 60) < frame.Width * frame.Height / 10,
            "the first frame is not what the clip shows");
        Assert.Equal(VideoModes.Reference, media.Mode);
    }

    [Fact]
    public async Task A_first_last_clip_without_an_end_frame_falls_back_to_the_first_frame_and_says_why()
    {
        var notes = ProviderNotes.Collect();

        var media = await CreateSut().GenerateVideoAsync(new VideoRequest(Prompt, 1, "9:16",
            FirstFrame: Png(TestImages.SolidPng(SKColors.Red, 100, 100)), Mode: VideoModes.FirstLast));

        Assert.Equal(VideoModes.FirstFrame, media.Mode);
        Assert.Equal(["local: asked mode first_last, used first_frame (no last frame was given)"], notes.Items);
    }

    private static ReferenceImage Png(byte[] data) => new(data, "image/png");

    private static byte[] Halves(SKColor one, SKColor other, bool vertical)
    {
        using var bitmap = new SKBitmap(360, 640);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(one);
            using var paint = new SKPaint { Color = other };
            canvas.DrawRect(vertical ? new SKRect(180, 0, 360, 640) : new SKRect(0, 320, 360, 640), paint);
        }
        using var image = SKImage.FromBitmap(bitmap);
        return image.Encode(SKEncodedImageFormat.Png, 100).ToArray();
    }

    /// <summary>The first frame after <paramref name="filter"/> as raw RGB bytes, extracted by ffmpeg.</summary>
    private async Task<byte[]> ThumbnailAsync(byte[] media, string filter)
    {
        var input = Path.Combine(_tempRoot, $"{Guid.NewGuid():N}.bin");
        var output = Path.Combine(_tempRoot, $"{Guid.NewGuid():N}.rgb");
        await File.WriteAllBytesAsync(input, media);
        await FfprobeReport.RunAsync("ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", input, "-vf", filter, "-frames:v", "1",
            "-f", "rawvideo", "-pix_fmt", "rgb24", output);
        return await File.ReadAllBytesAsync(output);
    }

    private static double Difference(byte[] a, byte[] b)
    {
        Assert.Equal(a.Length, b.Length);
        return a.Zip(b, (x, y) => Math.Abs(x - y)).Average();
    }
}
