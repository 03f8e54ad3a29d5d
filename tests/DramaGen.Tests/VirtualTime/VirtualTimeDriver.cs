using Microsoft.Extensions.Time.Testing;

namespace DramaGen.Tests.VirtualTime;

/// <summary>
/// Runs code in virtual time, deterministically: the clock only moves when everything pending waits on it
/// (<see cref="IClockWaits"/>), and then it jumps to the earliest due time. Real time is only used to wait for
/// the work to get idle, with a generous limit that turns a hang into a failure, so results never depend on
/// machine speed.
/// </summary>
public sealed class VirtualTimeDriver(FakeTimeProvider time, IClockWaits waits)
{
    /// <param name="stopWhenIdle">Checked at every idle point (the state is stable there); true stops the driver.</param>
    public async Task RunUntilAsync(Task completion, Func<bool>? stopWhenIdle = null)
    {
        var started = DateTime.UtcNow;
        while (!completion.IsCompleted)
        {
            if (DateTime.UtcNow - started > Patience.Budget)
            {
                throw new TimeoutException($"The work did not finish in {Patience.Budget.TotalSeconds:0} s of real time; {waits.Describe(time.GetUtcNow())}.");
            }
            var now = time.GetUtcNow();
            if (!waits.AllWaiting(now, out var next))
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
}
