using DramaGen.Generation.Scheduling;
using DramaGen.Tests.Generation.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace DramaGen.Tests.Generation;

/// <summary>
/// Runs the engine in virtual time, deterministically: the clock only moves when the engine is idle, i.e.
/// every node it is working on (<see cref="SchedulerActivity.Active"/>) sits in a provider call waiting for
/// its latency; it then jumps to the earliest due call. Real time is only used to wait for the engine to
/// get idle, with a generous limit that turns a hang into a failure, so results never depend on machine speed.
/// Calls measure their latency from their start, so a jump while a call is still starting cannot stretch it.
/// </summary>
public sealed class VirtualTimeDriver(FakeTimeProvider time, SchedulerActivity activity, params ProviderInstrument[] providers)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <param name="stopWhenIdle">Checked at every idle point (the engine's state is stable there); true stops the driver.</param>
    public async Task RunUntilAsync(Task completion, Func<bool>? stopWhenIdle = null)
    {
        var started = DateTime.UtcNow;
        while (!completion.IsCompleted)
        {
            if (DateTime.UtcNow - started > Patience)
            {
                var calls = string.Join(", ", providers.SelectMany(provider => provider.Pending)
                    .Select(call => $"due {call.Due - time.GetUtcNow()} waiting {call.Waiting}"));
                throw new TimeoutException($"The run did not finish; active={activity.Active}, in flight: {calls}.");
            }
            var now = time.GetUtcNow();
            if (!IsIdle(now, out var next))
            {
                await Task.WhenAny(completion, Task.Delay(1));
                continue;
            }
            if (stopWhenIdle?.Invoke() == true)
            {
                return;
            }
            time.Advance(next - now);
        }
    }

    /// <summary>
    /// Idle: something is in flight, every active node is a provider call, and every call waits for a time still
    /// to come (a call due now has been released and is finishing).
    /// </summary>
    private bool IsIdle(DateTimeOffset now, out DateTimeOffset next)
    {
        var pending = providers.SelectMany(provider => provider.Pending).ToList();
        next = pending.Count == 0 ? now : pending.Min(call => call.Due);
        return pending.Count > 0 && pending.Count == activity.Active && pending.All(call => call.Waiting && call.Due > now);
    }
}
