using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace DramaGen.Tests.Providers.Local;

/// <summary>What ffprobe says about a video file: the independent check that an MP4 is real.</summary>
internal sealed record FfprobeReport(string CodecName, string PixelFormat, int Width, int Height, double DurationSeconds)
{
    public static async Task<FfprobeReport> ProbeAsync(byte[] video)
    {
        var path = Path.Combine(Path.GetTempPath(), $"dramagen-probe-{Guid.NewGuid():N}.mp4");
        await File.WriteAllBytesAsync(path, video);
        try
        {
            var json = await RunAsync("ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json", path);
            using var document = JsonDocument.Parse(json);
            var stream = document.RootElement.GetProperty("streams").EnumerateArray().Single(s => s.GetProperty("codec_type").GetString() == "video");
            return new FfprobeReport(
                stream.GetProperty("codec_name").GetString()!,
                stream.GetProperty("pix_fmt").GetString()!,
                stream.GetProperty("width").GetInt32(),
                stream.GetProperty("height").GetInt32(),
                double.Parse(document.RootElement.GetProperty("format").GetProperty("duration").GetString()!, CultureInfo.InvariantCulture));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>What ffprobe reads from an audio file: codec, sample rate, channels and duration.</summary>
    public static async Task<(string Codec, int SampleRate, int Channels, double DurationSeconds)> ProbeAudioAsync(byte[] audio)
    {
        var path = Path.Combine(Path.GetTempPath(), $"dramagen-probe-{Guid.NewGuid():N}.wav");
        await File.WriteAllBytesAsync(path, audio);
        try
        {
            var json = await RunAsync("ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json", path);
            using var document = JsonDocument.Parse(json);
            var stream = document.RootElement.GetProperty("streams").EnumerateArray().Single(s => s.GetProperty("codec_type").GetString() == "audio");
            return (stream.GetProperty("codec_name").GetString()!,
                int.Parse(stream.GetProperty("sample_rate").GetString()!, CultureInfo.InvariantCulture),
                stream.GetProperty("channels").GetInt32(),
                double.Parse(document.RootElement.GetProperty("format").GetProperty("duration").GetString()!, CultureInfo.InvariantCulture));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The first frame of a video as PNG bytes.</summary>
    public static async Task<byte[]> FirstFramePngAsync(byte[] video)
    {
        var input = Path.Combine(Path.GetTempPath(), $"dramagen-probe-{Guid.NewGuid():N}.mp4");
        var output = Path.ChangeExtension(input, ".png");
        await File.WriteAllBytesAsync(input, video);
        try
        {
            await RunAsync("ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", input, "-frames:v", "1", output);
            return await File.ReadAllBytesAsync(output);
        }
        finally
        {
            File.Delete(input);
            File.Delete(output);
        }
    }

    public static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} failed: {await stderr}");
        return await stdout;
    }
}
