using DramaGen.Tests.VirtualTime;

namespace DramaGen.Tests.Providers;

/// <summary>
/// A provider call waits on the clock when no stub is answering one of its requests and it is blocked on a
/// timer: a wait (retry backoff, poll interval) or the deadline of a request nobody answers. Deadlines alone,
/// with no request out, mean the call is computing between steps, so the clock stays put.
/// </summary>
internal sealed class ProviderCallWaits(WatchedTimeProvider timers, HttpTraffic traffic) : IClockWaits
{
    public bool AllWaiting(DateTimeOffset now, out DateTimeOffset next)
    {
        var due = timers.AllDue;
        next = due.Count == 0 ? now : due.Min();
        if (traffic.Answering > 0 || due.Count == 0 || next <= now)
        {
            return false;
        }
        return timers.Waits.Count > 0 || traffic.Unanswered > 0;
    }

    public string Describe(DateTimeOffset now) =>
        $"requests answering={traffic.Answering}, unanswered={traffic.Unanswered}, waits due in [{string.Join(", ", timers.Waits.Select(due => due - now))}], " +
        $"all timers due in [{string.Join(", ", timers.AllDue.Select(due => due - now))}]";
}
