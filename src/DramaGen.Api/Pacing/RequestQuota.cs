using System.Threading.RateLimiting;

namespace DramaGen.Pacing;

/// <summary>
/// A provider quota of so many permits (requests or tokens) per window, e.g. IMAGE_RPM. Every permit taken holds
/// a permit of a <see cref="ConcurrencyLimiter"/> until one window after it was used, counted on the injected clock:
/// a sliding log, so no window of that length, wherever it starts, ever holds more than the quota (a token bucket
/// would allow twice the quota across a refill). A request permit's window starts when its request was answered
/// (<see cref="QuotaLease.Answered"/>): the provider counts the request from its arrival, which lies somewhere between
/// the grant and the answer, so only the answer is a moment known to be no earlier. The limiter never consults a
/// clock itself, which is why it runs on virtual time; the window's end is a timer of the <see cref="TimeProvider"/>.
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

    private DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>Permits left in the current window.</summary>
    public int Available => (int)(_limiter.GetStatistics()?.CurrentAvailablePermits ?? 0);

    /// <summary>Takes <paramref name="permits"/> now for one window if it has room; a request bigger than the whole quota takes it all.</summary>
    public bool TryTake(int permits) => TryTakeHeld(permits, Window) is not null;

    /// <summary>
    /// As <see cref="TryTake"/>, returning the permits taken so they can be resized once the real count is known
    /// (a text answer reports the tokens it used); null when the window has no room.
    /// </summary>
    public QuotaLease? TryTakeHeld(int permits, TimeSpan holdFor)
    {
        var held = TryTakeUntilAnswered(permits);
        held?.HoldFor(holdFor);
        return held;
    }

    /// <summary>
    /// Takes permits for a request not sent yet: they are held until <see cref="QuotaLease.Answered"/> and one window
    /// after it. Null when the window has no room.
    /// </summary>
    public QuotaLease? TryTakeUntilAnswered(int permits)
    {
        var count = Math.Clamp(permits, 1, PermitsPerWindow);
        var lease = _limiter.AttemptAcquire(count);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            return null;
        }
        return new QuotaLease(this, lease, count);
    }

    /// <summary>Gives <paramref name="held"/> back at <see cref="QuotaLease.Expires"/>.</summary>
    private void ExpireAt(QuotaLease held)
    {
        ITimer? expiry = null;
        lock (_expiries)
        {
            expiry = clock.CreateTimer(_ =>
            {
                // A timer may fire a little before the clock reads its due time (timers run on the tick count): the
                // permit is only given back once the window has really passed, or the provider would count one too many.
                var left = held.Expires!.Value - Now;
                if (left > TimeSpan.Zero)
                {
                    expiry!.Change(left, Timeout.InfiniteTimeSpan);
                    return;
                }
                lock (_expiries)
                {
                    _expiries.Remove(expiry!);
                }
                expiry!.Dispose();
                held.Expire();
                onFreed();
            }, null, held.Expires!.Value - Now, Timeout.InfiniteTimeSpan);
            _expiries.Add(expiry);
        }
    }

    /// <summary>Permits taken from a quota, held until their window ends.</summary>
    public sealed class QuotaLease
    {
        private readonly RequestQuota _quota;
        private readonly Lock _gate = new();
        private readonly List<QuotaLease> _extra = [];
        private RateLimitLease? _lease;

        internal QuotaLease(RequestQuota quota, RateLimitLease lease, int permits)
        {
            _quota = quota;
            _lease = lease;
            Permits = permits;
        }

        public int Permits { get; private set; }

        /// <summary>When the permits come back; null while the request they were taken for is not answered yet.</summary>
        public DateTimeOffset? Expires { get; private set; }

        /// <summary>The request was answered (or failed) now: the permits come back one window from now. Only the first call counts.</summary>
        public void Answered() => HoldFor(_quota.Window);

        internal void HoldFor(TimeSpan holdFor)
        {
            lock (_gate)
            {
                if (Expires is not null)
                {
                    return;
                }
                Expires = _quota.Now + holdFor;
            }
            _quota.ExpireAt(this);
        }

        /// <summary>
        /// Makes the lease hold <paramref name="permits"/> for the rest of its window: fewer gives the surplus back at
        /// once (the caller wakes its waiters), more takes what the window still has and returns how many could not be taken (0 when all fit).
        /// </summary>
        public int Resize(int permits)
        {
            lock (_gate)
            {
                if (_lease is null || Expires is not { } expires)
                {
                    return 0; // its window has already passed (or never started: only held leases are resized)
                }
                permits = Math.Clamp(permits, 1, _quota.PermitsPerWindow);
                if (permits < Permits)
                {
                    // The limiter cannot give part of a lease back: swap it for a smaller one (the freed permits cover it).
                    _lease.Dispose();
                    _lease = _quota._limiter.AttemptAcquire(permits);
                    Permits = permits;
                    return 0;
                }
                var wanted = permits - Permits;
                var fits = Math.Min(wanted, _quota.Available);
                var remaining = expires - _quota.Now;
                if (fits > 0 && remaining > TimeSpan.Zero && _quota.TryTakeHeld(fits, remaining) is { } extra)
                {
                    _extra.Add(extra);
                    Permits += fits;
                    return wanted - fits;
                }
                return wanted;
            }
        }

        internal void Expire()
        {
            lock (_gate)
            {
                _lease?.Dispose();
                _lease = null;
            }
        }
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
