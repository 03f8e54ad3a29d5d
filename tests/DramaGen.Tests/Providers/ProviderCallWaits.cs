using DramaGen.Tests.VirtualTime;

namespace DramaGen.Tests.Providers;

/// <summary>
/// A provider call waits on the clock when no stub is answering one of its requests and it is blocked on a
/// timer: a wait (retry backoff, poll interval) or the deadline of a request nobody answers. Deadlines alone,
/// with no request out, mean the call is computing between steps, so the clock stays put. The timers and the
/// traffic are read as one consistent picture: if either moved while it was read, the answer is "not yet".
/// </summary>
internal sealed class ProviderCallWaits(WatchedTimeProvider timers, HttpTraffic traffic) : IClockWaits
{
    public bool AllWaiting(DateTimeOffset now, out DateTimeOffset next)
    {
        var trafficVersion = traffic.Version;
        var armed = timers.Snapshot();
        var answering = traffic.Answering;
        var unanswered = traffic.Unanswered;
        next = armed.All.Count == 0 ? now : armed.All.Min();
        if (answering > 0 || armed.All.Count == 0 || next <= now || timers.Version != armed.Version || traffic.Version != trafficVersion)
        {
            return false;
        }
        return armed.Waits.Count > 0 || unanswered > 0;
    }

    public string Describe(DateTimeOffset now) =>
        $"requests answering={traffic.Answering}, unanswered={traffic.Unanswered}, waits due in [{string.Join(", ", timers.Waits.Select(due => due - now))}], " +
        $"all timers due in [{string.Join(", ", timers.AllDue.Select(due => due - now))}]";
}
