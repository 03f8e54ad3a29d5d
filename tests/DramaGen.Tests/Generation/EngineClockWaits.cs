using DramaGen.Generation.Scheduling;
using DramaGen.Tests.Generation.Fakes;
using DramaGen.Tests.VirtualTime;

namespace DramaGen.Tests.Generation;

/// <summary>
/// The engine waits on the clock when something is in flight, every node it is working on
/// (<see cref="SchedulerActivity.Active"/>) sits in a fake provider call, and every call waits for a time still to
/// come (a call due now has been released and is finishing). Calls measure their latency from their start, so a
/// jump while a call is still starting cannot stretch it.
/// </summary>
public sealed class EngineClockWaits(SchedulerActivity activity, params ProviderInstrument[] providers) : IClockWaits
{
    public bool AllWaiting(DateTimeOffset now, out DateTimeOffset next)
    {
        var pending = providers.SelectMany(provider => provider.Pending).ToList();
        next = pending.Count == 0 ? now : pending.Min(call => call.Due);
        return pending.Count > 0 && pending.Count == activity.Active && pending.All(call => call.Waiting && call.Due > now);
    }

    public string Describe(DateTimeOffset now)
    {
        var calls = string.Join(", ", providers.SelectMany(provider => provider.Pending)
            .Select(call => $"due {call.Due - now} waiting {call.Waiting}"));
        return $"active={activity.Active}, in flight: {calls}";
    }
}
