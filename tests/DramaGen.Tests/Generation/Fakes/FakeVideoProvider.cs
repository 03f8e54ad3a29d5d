using DramaGen.Providers;

namespace DramaGen.Tests.Generation.Fakes;

/// <summary>
/// A deterministic video provider: announces an operation id through OnOperationStarted before it "polls"
/// (waits its latency), and polls instead of submitting when given an existing operation.
/// </summary>
public sealed class FakeVideoProvider(TimeProvider time, CallSequence sequence) : IVideoProvider
{
    public ProviderInstrument Instrument { get; } = new("fake-video", time, sequence);

    public string Name => Instrument.Name;

    public string Model { get; set; } = "fake-video-1";

    /// <summary>The first frames received, by node.</summary>
    public Dictionary<string, byte[]?> FirstFrames { get; } = [];

    public Task<GeneratedMedia> GenerateVideoAsync(VideoRequest request, CancellationToken cancellationToken = default)
    {
        var node = ProviderInstrument.NodeOf(request.Prompt);
        lock (FirstFrames)
        {
            FirstFrames[node] = request.FirstFrame?.Data;
        }
        Func<Task>? announce = request.ExistingOperationId is null && request.OnOperationStarted is { } started
            ? () => started($"op-{node}", cancellationToken)
            : null;
        return Instrument.CallAsync(request.Prompt, request.FirstFrame is null ? 0 : 1, request.FirstFrame?.Label,
            request.ExistingOperationId, announce, cancellationToken, [request.FirstFrame, request.LastFrame, .. request.ReferenceImages ?? []]);
    }
}
