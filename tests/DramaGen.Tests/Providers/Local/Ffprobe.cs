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

    /// <summary>Every stream of a media file (codec_type, codec_name, size, frame rate) and the container's duration.</summary>
    public static async Task<MediaStreams> StreamsAsync(string path)
    {
        var json = await RunAsync("ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json", path);
        using var document = JsonDocument.Parse(json);
        var streams = document.RootElement.GetProperty("streams").EnumerateArray().Select(stream => new MediaStream(
            stream.GetProperty("codec_type").GetString()!,
            stream.GetProperty("codec_name").GetString()!,
            stream.TryGetProperty("width", out var width) ? width.GetInt32() : 0,
            stream.TryGetProperty("height", out var height) ? height.GetInt32() : 0,
            stream.TryGetProperty("r_frame_rate", out var rate) ? rate.GetString()! : "")).ToList();
        return new MediaStreams(streams,
            double.Parse(document.RootElement.GetProperty("format").GetProperty("duration").GetString()!, CultureInfo.InvariantCulture));
    }

    /// <summary>Integrated loudness in LUFS, measured by ffmpeg's EBU R128 scanner (ebur128).</summary>
    public static async Task<double> IntegratedLoudnessAsync(string path)
    {
        var report = await RunForStderrAsync("ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-i", path, "-map", "0:a:0", "-af", "ebur128", "-f", "null", "-");
        var summary = report[report.LastIndexOf("Integrated loudness:", StringComparison.Ordinal)..];
        var value = System.Text.RegularExpressions.Regex.Match(summary, @"I:\s+(-?[0-9.]+) LUFS");
        return double.Parse(value.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>RMS level in dBFS of the audio between two moments (astats over that window).</summary>
    public static async Task<double> RmsDecibelsAsync(string path, double start, double duration)
    {
        var report = await RunForStderrAsync("ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-ss", start.ToString(CultureInfo.InvariantCulture),
            "-t", duration.ToString(CultureInfo.InvariantCulture), "-i", path, "-map", "0:a:0", "-af", "astats=measure_perchannel=none", "-f", "null", "-");
        var value = System.Text.RegularExpressions.Regex.Match(report, @"RMS level dB:\s+(-?[0-9.]+|-inf)");
        return value.Groups[1].Value == "-inf" ? double.NegativeInfinity : double.Parse(value.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static async Task<string> RunForStderrAsync(string program, params string[] arguments) =>
        (await RunProcessAsync(program, arguments)).Stderr;

    public static async Task<string> RunAsync(string program, params string[] arguments) =>
        (await RunProcessAsync(program, arguments)).Stdout;

    private static async Task<(string Stdout, string Stderr)> RunProcessAsync(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} failed: {await stderr}");
        return (await stdout, await stderr);
    }
}

internal sealed record MediaStream(string CodecType, string CodecName, int Width, int Height, string FrameRate);

internal sealed record MediaStreams(IReadOnlyList<MediaStream> Streams, double DurationSeconds)
{
    public IReadOnlyList<MediaStream> OfType(string codecType) => [.. Streams.Where(stream => stream.CodecType == codecType)];
}
