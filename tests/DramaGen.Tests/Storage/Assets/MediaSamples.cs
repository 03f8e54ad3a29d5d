using System.Diagnostics;

namespace DramaGen.Tests.Storage.Assets;

/// <summary>
/// Tiny real media files made by ffmpeg once per test run, so format detection is tested on what encoders
/// actually write rather than on hand-made headers.
/// </summary>
public static class MediaSamples
{
    private static readonly Lazy<Task<IReadOnlyDictionary<string, byte[]>>> Samples = new(CreateAsync);

    private static readonly Dictionary<string, string[]> Recipes = new()
    {
        ["png"] = ["-f", "lavfi", "-i", "color=c=red:s=16x16", "-frames:v", "1"],
        ["jpg"] = ["-f", "lavfi", "-i", "color=c=green:s=16x16", "-frames:v", "1"],
        ["gif"] = ["-f", "lavfi", "-i", "color=c=blue:s=16x16", "-frames:v", "1"],
        ["webp"] = ["-f", "lavfi", "-i", "color=c=white:s=16x16", "-frames:v", "1", "-c:v", "libwebp"],
        ["mp4"] = ["-f", "lavfi", "-i", "testsrc=size=64x64:rate=10", "-t", "0.5", "-c:v", "libx264", "-pix_fmt", "yuv420p"],
        ["mov"] = ["-f", "lavfi", "-i", "testsrc=size=64x64:rate=10", "-t", "0.5", "-c:v", "libx264", "-pix_fmt", "yuv420p"],
        ["webm"] = ["-f", "lavfi", "-i", "testsrc=size=64x64:rate=10", "-t", "0.5", "-c:v", "libvpx"],
        ["mp3"] = ["-f", "lavfi", "-i", "sine=d=0.2", "-c:a", "libmp3lame"],
        ["bare.mp3"] = ["-f", "lavfi", "-i", "sine=d=0.2", "-c:a", "libmp3lame", "-id3v2_version", "0", "-write_xing", "0"],
        ["wav"] = ["-f", "lavfi", "-i", "sine=d=0.2"],
        ["ogg"] = ["-f", "lavfi", "-i", "sine=d=0.2", "-c:a", "libvorbis"],
        ["m4a"] = ["-f", "lavfi", "-i", "sine=d=0.2", "-c:a", "aac"],
    };

    public static async Task<byte[]> GetAsync(string name) => (await Samples.Value)[name];

    public static IEnumerable<string> Names => Recipes.Keys;

    private static async Task<IReadOnlyDictionary<string, byte[]>> CreateAsync()
    {
        var directory = Directory.CreateTempSubdirectory("dramagen-media-").FullName;
        try
        {
            var files = await Task.WhenAll(Recipes.Select(async recipe =>
            {
                var path = Path.Combine(directory, "sample." + recipe.Key);
                await RunFfmpegAsync([.. recipe.Value, "-y", path]);
                return (recipe.Key, Bytes: await File.ReadAllBytesAsync(path));
            }));
            return files.ToDictionary(file => file.Key, file => file.Bytes);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task RunFfmpegAsync(string[] arguments)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in (string[])["-hide_banner", "-loglevel", "error", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg {string.Join(' ', arguments)} failed: {await error}");
        }
    }
}
