using System.Globalization;
using DramaGen.Pacing;

namespace DramaGen.Jobs.Postgres;

/// <summary>
/// Tells every instance of a 429 one of them was given, so each one's pool halves its live limit and pauses its grants
/// (the engine leader's pool decides which nodes start; a worker's, which of its own calls go out). The sending instance
/// has paused already and ignores its own message. Messages are "origin|capability|pause end in Unix milliseconds".
/// </summary>
public sealed class ClusterThrottles(IClusterSignals signals, CapacityPools pools, TimeProvider clock) : IHostedService
{
    private readonly string _origin = Guid.NewGuid().ToString("N");
    private IDisposable? _subscription;

    public Task ShareAsync(string capability, DateTimeOffset until, CancellationToken cancellationToken) =>
        signals.SendAsync(ClusterChannels.Throttled,
            string.Join('|', _origin, capability, until.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)), cancellationToken);

    /// <summary>Applies another instance's 429 to this instance's pool; false for its own, a missed-messages notice or a message it cannot read.</summary>
    public bool Receive(string? message)
    {
        var parts = message?.Split('|');
        if (parts is not [var origin, var capability, var untilMs] || origin == _origin
            || !long.TryParse(untilMs, NumberStyles.Integer, CultureInfo.InvariantCulture, out var until)
            || pools.Find(capability) is not { } pool)
        {
            return false;
        }
        pool.ReportThrottled(DateTimeOffset.FromUnixTimeMilliseconds(until) - clock.GetUtcNow());
        return true;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (signals.IsShared)
        {
            _subscription = signals.Subscribe(ClusterChannels.Throttled, message => Receive(message));
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }
}
