using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace DramaGen.Tests.VirtualTime;

/// <summary>
/// The code under test's TimeProvider: a <see cref="FakeTimeProvider"/> that also knows which timers are armed
/// and when they are due. It tells waits (Task.Delay: a retry backoff, a poll interval) from deadlines (a
/// CancellationTokenSource timing out an attempt): a deadline runs beside work that is still going on, so only a
/// wait, or a deadline over a request nobody will ever answer, means the code is blocked on the clock.
/// As an <see cref="IClockWaits"/> it suits code that does nothing but wait on its timers between steps (an event
/// stream between heartbeats): it waits on the clock whenever some wait is armed.
/// <para>
/// Every change to the armed timers bumps <see cref="Version"/>: a decision taken on a <see cref="Snapshot"/> holds
/// only if the version did not move meanwhile (a deadline seen alone, then a wait armed a moment later, would
/// otherwise make the clock jump to the deadline).
/// </para>
/// </summary>
public sealed class WatchedTimeProvider(FakeTimeProvider clock) : TimeProvider, IClockWaits
{
    private static readonly AsyncLocal<string?> CurrentTag = new();
    private readonly ConcurrentDictionary<WatchedTimer, byte> _armed = new();
    private long _version;

    /// <summary>
    /// Timers armed by code running inside the scope (in its async flow) carry <paramref name="tag"/>, so a test can tell
    /// the waits of the work it watches (an upload's retry backoff) from background ones (a checkpoint loop).
    /// </summary>
    public static IDisposable Tagged(string tag)
    {
        var previous = CurrentTag.Value;
        CurrentTag.Value = tag;
        return new TagScope(previous);
    }

    private sealed class TagScope(string? previous) : IDisposable
    {
        public void Dispose() => CurrentTag.Value = previous;
    }

    public FakeTimeProvider Clock { get; } = clock;

    public override DateTimeOffset GetUtcNow() => Clock.GetUtcNow();
    public override long GetTimestamp() => Clock.GetTimestamp();
    public override long TimestampFrequency => Clock.TimestampFrequency;
    public override TimeZoneInfo LocalTimeZone => Clock.LocalTimeZone;

    /// <summary>Due times of the armed timers that something awaits (not deadlines).</summary>
    public IReadOnlyList<DateTimeOffset> Waits => [.. _armed.Keys.Where(timer => !timer.IsDeadline).Select(timer => timer.Due)];

    /// <summary>Due times of every armed timer, deadlines included.</summary>
    public IReadOnlyList<DateTimeOffset> AllDue => [.. _armed.Keys.Select(timer => timer.Due)];

    /// <summary>Moves whenever a timer is armed, re-armed, fired or disposed.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>The armed timers, read in one pass: valid as a whole if <see cref="Version"/> did not move meanwhile.</summary>
    public ArmedTimers Snapshot()
    {
        var version = Version;
        return new ArmedTimers(version, [.. _armed.Keys.Select(timer => new ArmedTimer(timer.Due, timer.IsDeadline, timer.Tag))]);
    }

    public bool AllWaiting(DateTimeOffset now, out DateTimeOffset next)
    {
        var timers = Snapshot();
        next = timers.All.Count == 0 ? now : timers.All.Min();
        return timers.Waits.Count > 0 && next > now && Version == timers.Version;
    }

    private void Changed() => Interlocked.Increment(ref _version);

    public string Describe(DateTimeOffset now) =>
        $"waits due in [{string.Join(", ", Waits.Select(due => due - now))}], all timers due in [{string.Join(", ", AllDue.Select(due => due - now))}]";

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        // .NET arms a CancellationTokenSource's timeout with the source itself as the state.
        var timer = new WatchedTimer(this, state is CancellationTokenSource, CurrentTag.Value);
        timer.Inner = Clock.CreateTimer(s =>
        {
            timer.Fired();
            callback(s);
        }, state, dueTime, period);
        timer.Arm(dueTime, period);
        return timer;
    }

    private sealed class WatchedTimer(WatchedTimeProvider owner, bool isDeadline, string? tag) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public bool IsDeadline { get; } = isDeadline;
        public string? Tag { get; } = tag;
        public DateTimeOffset Due { get; private set; }
        public ITimer Inner { get; set; } = null!;

        public void Arm(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                owner._armed.TryRemove(this, out _);
                owner.Changed();
                return;
            }
            Due = owner.GetUtcNow() + dueTime;
            owner._armed[this] = 0;
            owner.Changed();
        }

        public void Fired()
        {
            if (_period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero)
            {
                owner._armed.TryRemove(this, out _);
            }
            else
            {
                Due = owner.GetUtcNow() + _period;
            }
            owner.Changed();
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Arm(dueTime, period);
            return Inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            owner._armed.TryRemove(this, out _);
            owner.Changed();
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            owner._armed.TryRemove(this, out _);
            owner.Changed();
            return Inner.DisposeAsync();
        }
    }
}

/// <summary>The timers armed at one moment.</summary>
public sealed record ArmedTimers(long Version, IReadOnlyList<ArmedTimer> Timers)
{
    /// <summary>Due times of the timers something awaits (not deadlines).</summary>
    public IReadOnlyList<DateTimeOffset> Waits { get; } = [.. Timers.Where(timer => !timer.IsDeadline).Select(timer => timer.Due)];

    /// <summary>Due times of every timer, deadlines included.</summary>
    public IReadOnlyList<DateTimeOffset> All { get; } = [.. Timers.Select(timer => timer.Due)];

    /// <summary>How many waits armed under <see cref="WatchedTimeProvider.Tagged"/> with this tag are due after <paramref name="now"/>.</summary>
    public int WaitsTagged(string tag, DateTimeOffset now) => Timers.Count(timer => !timer.IsDeadline && timer.Tag == tag && timer.Due > now);
}

public sealed record ArmedTimer(DateTimeOffset Due, bool IsDeadline, string? Tag);
