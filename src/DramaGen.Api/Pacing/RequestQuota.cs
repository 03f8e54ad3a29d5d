using System.Threading.RateLimiting;

namespace DramaGen.Pacing;

/// <summary>
/// A provider quota of so many permits (requests or tokens) per window, e.g. IMAGE_RPM. Every permit taken holds
/// a permit of a <see cref="ConcurrencyLimiter"/> for exactly one window, counted on the injected clock: a
/// sliding log, so no window of that length, wherever it starts, ever holds more than the quota (a token bucket
/// would allow twice the quota across a refill). The limiter never consults a clock itself, which is why it
/// runs on virtual time; the window's end is a timer of the <see cref="TimeProvider"/>.
/// </summary>
public sealed class RequestQuota(string name, int permitsPerWindow, TimeSpan window, TimeProvider clock, Action onFreed) : IDisposable
{
    private readonly ConcurrencyLimiter _limiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = permitsPerWindow,
        QueueLimit = 0,
    });
    // Timers are kept alive (a System.Threading.Timer nobody references may be collected before it fires).
    private readonly HashSet<ITimer> _expiries = [];

    public string Name { get; } = name;
    public int PermitsPerWindow { get; } = permitsPerWindow;
    public TimeSpan Window { get; } = window;

    /// <summary>Permits left in the current window.</summary>
    public int Available => (int)(_limiter.GetStatistics()?.CurrentAvailablePermits ?? 0);

    /// <summary>Takes <paramref name="permits"/> now if the window has room; a request bigger than the whole quota takes it all.</summary>
    public bool TryTake(int permits)
    {
        var lease = _limiter.AttemptAcquire(Math.Clamp(permits, 1, PermitsPerWindow));
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            return false;
        }
        ITimer? expiry = null;
        lock (_expiries)
        {
            expiry = clock.CreateTimer(_ =>
            {
                lock (_expiries)
                {
                    _expiries.Remove(expiry!);
                }
                expiry!.Dispose();
                lease.Dispose();
                onFreed();
            }, null, Window, Timeout.InfiniteTimeSpan);
            _expiries.Add(expiry);
        }
        return true;
    }

    public void Dispose()
    {
        lock (_expiries)
        {
            foreach (var expiry in _expiries)
            {
                expiry.Dispose();
            }
            _expiries.Clear();
        }
        _limiter.Dispose();
    }
}
