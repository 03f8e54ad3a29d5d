using DramaGen.Configuration;

namespace DramaGen.Providers.Local;

/// <summary>
/// What every local provider does before it generates: log the call, wait the simulated latency and
/// fail when the simulated failure rate says so. Failures are decided by the request hash, so the same
/// node fails on every attempt and a fault test sees a stable set of failed nodes.
/// </summary>
internal sealed class LocalProviderBehaviour(LocalProviderOptions options, TimeProvider timeProvider)
{
    public const string ProviderName = "local";

    private readonly LocalCallLog _callLog = new(options.CallLogPath, timeProvider);

    public TimeProvider TimeProvider => timeProvider;

    /// <param name="operation">Named in the call log, e.g. text.write or video.</param>
    /// <param name="requestHash">A stable hash of everything that shapes the output.</param>
    public async Task BeforeGenerationAsync(
        LocalCapability capability, string operation, string requestHash, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _callLog.Append(operation, requestHash);

        var latency = LatencyOf(capability);
        if (latency > 0)
            await Task.Delay(TimeSpan.FromMilliseconds(latency), timeProvider, cancellationToken);

        if (FailsByRate(requestHash, options.FailureRate))
            throw new ProviderException(ProviderName,
                $"simulated failure of {operation} request {requestHash} (LOCAL_FAILURE_RATE={options.FailureRate})",
                isRetryable: false);
    }

    /// <summary>Whether a request falls in the failing fraction: its hash mapped to [0, 1) is below the rate.</summary>
    public static bool FailsByRate(string requestHash, double rate) =>
        rate > 0 && StableHash.Unit(StableHash.Of("failure", requestHash)) < rate;

    private int LatencyOf(LocalCapability capability) => capability switch
    {
        LocalCapability.Text => options.TextLatencyMs,
        LocalCapability.Image => options.ImageLatencyMs,
        LocalCapability.Video => options.VideoLatencyMs,
        _ => 0,
    };
}
