using System.Diagnostics;

namespace DramaGen.Bench;

/// <summary>
/// The system clock run faster: a second of it passes in <c>scale</c> real seconds, timers included. The engine's
/// quota windows (a minute of IMAGE_RPM), Retry-After pauses and retry backoffs all go through the TimeProvider,
/// so on this clock a run that a quota holds to several minutes takes seconds, with the pacing unchanged.
/// </summary>
public sealed class ScaledClock(double scale) : TimeProvider
{
    private readonly DateTimeOffset _origin = System.GetUtcNow();
    private readonly long _originTimestamp = Stopwatch.GetTimestamp();

    public override DateTimeOffset GetUtcNow() => _origin + Stopwatch.GetElapsedTime(_originTimestamp) / scale;

    public override long GetTimestamp() => Stopwatch.GetTimestamp();

    // Timestamps tick at the real rate; a scaled clock counts them as that many more seconds.
    public override long TimestampFrequency { get; } = Math.Max(1, (long)(Stopwatch.Frequency * scale));

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(System.CreateTimer(callback, state, Real(dueTime), Real(period)), this);

    private TimeSpan Real(TimeSpan span) => span == Timeout.InfiniteTimeSpan ? span : span * scale;

    private sealed class ScaledTimer(ITimer inner, ScaledClock clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(clock.Real(dueTime), clock.Real(period));
        public void Dispose() => inner.Dispose();
        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
