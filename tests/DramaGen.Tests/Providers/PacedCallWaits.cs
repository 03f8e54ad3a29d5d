using DramaGen.Pacing;
using DramaGen.Tests.VirtualTime;

namespace DramaGen.Tests.Providers;

/// <summary>
/// Calls that each take a slot of <paramref name="pool"/> and send through a provider's HttpClient to a
/// <see cref="QuotaProviderStub"/> wait on the clock when every unfinished one waits: in the pool (for a slot or a
/// request permit) or in the stub for a time still to come. The stub's requests are read before the pool's waiters (a
/// call moves from the pool to the stub without the clock, never back), and the whole picture holds only if neither
/// the calls' progress nor the timers moved while it was read.
/// </summary>
internal sealed class PacedCallWaits(WatchedTimeProvider timers, CapacityPool pool, QuotaProviderStub stub, Func<int> unfinished) : IClockWaits
{
    public bool AllWaiting(DateTimeOffset now, out DateTimeOffset next)
    {
        var progress = stub.Progress.Version;
        var armed = timers.Snapshot();
        var inStub = stub.Delays;
        var inPool = pool.State.Waiting;
        var open = unfinished();
        next = armed.All.Count == 0 ? now : armed.All.Min();
        return open > 0 && inStub.All(due => due > now) && inStub.Count + inPool == open && next > now
            && stub.Progress.Version == progress && timers.Version == armed.Version;
    }

    public string Describe(DateTimeOffset now) =>
        $"unfinished calls {unfinished()}, in the stub until [{string.Join(", ", stub.Delays.Select(due => due - now))}], waiting in the pool {pool.State.Waiting}, " +
        $"timers due in [{string.Join(", ", timers.AllDue.Select(due => due - now))}]";
}
