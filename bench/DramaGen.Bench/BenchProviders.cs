using DramaGen.Providers;

namespace DramaGen.Bench;

/// <summary>
/// Providers that only wait: image latencies of 1-3 s and video latencies of 5-20 s (times the scale),
/// fixed per node so the lower bound can be computed, and a few bytes of output. A video takes as many seconds as
/// it is long (its asset's durationSeconds, SyntheticDramas), as real video models take longer for longer clips. No SkiaSharp, no ffmpeg:
/// the benchmark measures the engine, not media rendering.
/// </summary>
public sealed class BenchLatency(double scale)
{
    public double Scale { get; } = scale;

    /// <summary>Seconds (unscaled) of the node whose marker the prompt carries.</summary>
    public static double SecondsOf(string nodeId, bool video)
    {
        var spread = (uint)nodeId.Aggregate(17, (hash, c) => unchecked(hash * 31 + c)) % 1000 / 1000.0;
        return video ? Math.Round(5 + 15 * spread) : 1 + 2 * spread;
    }

    /// <summary>Seconds (unscaled) of a node of the plan; 0 for nodes that call no provider.</summary>
    public static double SecondsOf(DramaGen.Generation.Planning.PlanNode node) => node.Capability switch
    {
        DramaGen.Generation.Planning.Capability.Image => SecondsOf(node.Id, video: false),
        DramaGen.Generation.Planning.Capability.Video => SecondsOf(node.Id, video: true),
        _ => 0,
    };

    public TimeSpan Of(string prompt, bool video) =>
        Scale == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(SecondsOf(NodeOf(prompt), video) * Scale);

    public static string NodeOf(string prompt) => prompt[1..prompt.IndexOf(']')];
}

public sealed class BenchImageProvider(BenchLatency latency) : IImageProvider
{
    public string Name => "bench";
    public string Model => "bench-image";

    public async Task<GeneratedMedia> GenerateImageAsync(ImageRequest request, CancellationToken cancellationToken = default)
    {
        var wait = latency.Of(request.Prompt, video: false);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, TimeProvider.System, cancellationToken);
        }
        return new GeneratedMedia(System.Text.Encoding.UTF8.GetBytes(request.Prompt), "image/png", Name, Model);
    }
}

public sealed class BenchVideoProvider(BenchLatency latency) : IVideoProvider
{
    public string Name => "bench";
    public string Model => "bench-video";

    public async Task<GeneratedMedia> GenerateVideoAsync(VideoRequest request, CancellationToken cancellationToken = default)
    {
        var node = BenchLatency.NodeOf(request.Prompt);
        if (request.ExistingOperationId is null && request.OnOperationStarted is { } started)
        {
            await started("op-" + node, cancellationToken);
        }
        var wait = latency.Of(request.Prompt, video: true);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, TimeProvider.System, cancellationToken);
        }
        return new GeneratedMedia(System.Text.Encoding.UTF8.GetBytes(request.Prompt), "video/mp4", Name, Model, "op-" + node);
    }
}
