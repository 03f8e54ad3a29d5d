using System.Globalization;

namespace DramaGen.Providers.Local;

/// <summary>
/// Turns a still image into an H.264 MP4 of an exact length: a slow zoom towards the centre, at a low
/// frame rate, single-threaded and bit-exact so the same still and length always give the same bytes.
/// x264's superfast preset at CRF 28: about as quick as ultrafast here (0.25 s against 0.21 s for 8 s) and
/// files a fifth of the size, which matters once every clip of a benchmark drama is stored. Files go through a temporary directory that is removed afterwards.
/// </summary>
internal sealed class LocalClipRenderer(ToolRunner ffmpeg, string? tempRoot = null)
{
    public const int FramesPerSecond = 12;

    public async Task<byte[]> RenderMp4Async(byte[] still, int width, int height, int durationSeconds, CancellationToken cancellationToken)
    {
        using var workspace = new TempWorkspace("dramagen-video-", tempRoot);
        var input = workspace.PathOf("frame.bin");
        var output = workspace.PathOf("clip.mp4");
        await File.WriteAllBytesAsync(input, still, cancellationToken);
        await ffmpeg.RunAsync(Arguments(input, output, width, height, durationSeconds), cancellationToken);
        return await File.ReadAllBytesAsync(output, cancellationToken);
    }

    /// <summary>first_last: a move from the first frame to the last one (a cross-dissolve over the whole clip).</summary>
    public async Task<byte[]> RenderMoveAsync(byte[] first, byte[] last, int width, int height, int durationSeconds,
        CancellationToken cancellationToken)
    {
        using var workspace = new TempWorkspace("dramagen-video-", tempRoot);
        var firstPath = workspace.PathOf("first.bin");
        var lastPath = workspace.PathOf("last.bin");
        var output = workspace.PathOf("clip.mp4");
        await File.WriteAllBytesAsync(firstPath, first, cancellationToken);
        await File.WriteAllBytesAsync(lastPath, last, cancellationToken);
        await ffmpeg.RunAsync(MoveArguments(firstPath, lastPath, output, width, height, durationSeconds), cancellationToken);
        return await File.ReadAllBytesAsync(output, cancellationToken);
    }

    public static IReadOnlyList<string> MoveArguments(string first, string last, string output, int width, int height, int durationSeconds)
    {
        var frames = durationSeconds * FramesPerSecond;
        string N(int value) => value.ToString(CultureInfo.InvariantCulture);
        // Each still becomes a stream of the clip's length; frame n shows (1 - n/(F-1)) of the first and n/(F-1) of the last,
        // so the clip opens on the first frame exactly and closes on the last one.
        string Still(int input, string name) =>
            $"[{N(input)}:v]scale={N(width)}:{N(height)}:force_original_aspect_ratio=increase,crop={N(width)}:{N(height)},setsar=1,format=yuv444p,"
            + $"loop=loop={N(frames - 1)}:size=1:start=0,setpts=N/{N(FramesPerSecond)}/TB[{name}]";
        var filter = $"{Still(0, "a")};{Still(1, "b")};"
            + $"[a][b]blend=all_expr='A*(1-N/{N(Math.Max(1, frames - 1))})+B*N/{N(Math.Max(1, frames - 1))}',format=yuv420p[v]";
        return
        [
            "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
            "-f", "image2pipe", "-i", first,
            "-f", "image2pipe", "-i", last,
            "-filter_complex", filter, "-map", "[v]",
            "-frames:v", N(frames), "-r", N(FramesPerSecond),
            "-c:v", "libx264", "-preset", "superfast", "-crf", "28", "-threads", "1", "-pix_fmt", "yuv420p",
            "-movflags", "+faststart", "-fflags", "+bitexact", "-flags:v", "+bitexact", "-map_metadata", "-1", "-an",
            output,
        ];
    }

    public static IReadOnlyList<string> Arguments(string input, string output, int width, int height, int durationSeconds)
    {
        var frames = durationSeconds * FramesPerSecond;
        string N(int value) => value.ToString(CultureInfo.InvariantCulture);
        // Zoompan moves in whole pixels; working on a frame twice the output size keeps the zoom smooth.
        var filter = $"scale={N(width * 2)}:{N(height * 2)}:force_original_aspect_ratio=increase,crop={N(width * 2)}:{N(height * 2)},setsar=1,"
            + $"zoompan=z='1+0.12*on/{N(frames)}':x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)':d={N(frames)}:s={N(width)}x{N(height)}:fps={N(FramesPerSecond)},"
            + "format=yuv420p";
        return
        [
            "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
            // image2pipe probes the content, so PNG, JPEG or WebP first frames all work whatever their name.
            "-f", "image2pipe", "-i", input,
            "-vf", filter,
            "-frames:v", N(frames), "-r", N(FramesPerSecond),
            "-c:v", "libx264", "-preset", "superfast", "-crf", "28", "-threads", "1", "-pix_fmt", "yuv420p",
            "-movflags", "+faststart", "-fflags", "+bitexact", "-flags:v", "+bitexact", "-map_metadata", "-1", "-an",
            output,
        ];
    }
}
