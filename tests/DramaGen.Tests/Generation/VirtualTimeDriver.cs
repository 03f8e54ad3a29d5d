using DramaGen.Generation.Scheduling;
using DramaGen.Tests.Generation.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace DramaGen.Tests.Generation;

/// <summary>
/// Runs the engine in virtual time, deterministically: the clock only moves when the engine is idle, i.e.
/// every node it is working on (<see cref="SchedulerActivity.Active"/>) sits in a provider call waiting for
/// its latency; it then jumps to the earliest due call. Real time is only used to wait for the engine to
/// get idle, with a generous limit that turns a hang into a failure, so results never depend on machine speed.
/// </summary>
public sealed class VirtualTimeDriver(FakeTimeProvider time, SchedulerActivity activity, params ProviderInstrument[] providers)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public async Task RunUntilAsync(Task completion)
    {
        var started = DateTime.UtcNow;
        while (!completion.IsCompleted)
        {
            if (DateTime.UtcNow - started > Patience)
            {
                throw new TimeoutException($"The run did not finish; active={activity.Active}, in flight={providers.Sum(p => p.InFlight)}.");
            }
            var now = time.GetUtcNow();
            var dues = providers.SelectMany(provider => provider.DueTimes).ToList();
            var inFlight = dues.Count;
            var idle = inFlight > 0 && inFlight == activity.Active && dues.All(due => due > now);
            if (!idle)
            {
                await Task.WhenAny(completion, Task.Delay(1));
                continue;
            }
            // Re-check after a pause: the counts must be stable, not caught between two transitions.
            await Task.Delay(2);
            var again = providers.SelectMany(provider => provider.DueTimes).ToList();
            if (again.Count != inFlight || activity.Active != inFlight || !again.All(due => due > now))
            {
                continue;
            }
            time.Advance(again.Min() - now);
        }
    }
}
