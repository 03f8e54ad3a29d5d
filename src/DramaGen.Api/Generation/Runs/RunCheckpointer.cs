using DramaGen.Generation.State;
using DramaGen.Jobs;

namespace DramaGen.Generation.Runs;

/// <summary>
/// Writes a run's drama updates and node state every flush interval while it runs, and once more at the end.
/// The wait after a flush grows with the flush's own duration, so a huge drama spends at most a fifth of its
/// time being rewritten.
/// </summary>
public sealed class RunCheckpointer(DramaStateStore states, IJobStore jobs, TimeProvider clock, ILogger<RunCheckpointer> logger)
{
    public static readonly TimeSpan DeferredJobAge = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan MaxCheckpointWait = TimeSpan.FromMinutes(1);

    public async Task LoopAsync(RunContext run, TimeSpan interval, CancellationToken stop)
    {
        var wait = interval;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(wait, clock, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var started = clock.GetTimestamp();
            await FlushAsync(run, CancellationToken.None);
            // A node running for a while gets its "running" onto disk; quick ones never need it.
            await jobs.FlushDeferredAsync(DeferredJobAge, CancellationToken.None);
            var took = clock.GetElapsedTime(started);
            // Capped: a flush that waited on a stalled disk (or a clock that jumped meanwhile) must not push the
            // next checkpoint past what Task.Delay accepts, nor leave a run unsaved for long.
            wait = TimeSpan.FromTicks(Math.Clamp(took.Ticks * 4, interval.Ticks, Math.Max(interval.Ticks, MaxCheckpointWait.Ticks)));
        }
    }

    /// <summary>
    /// The run's last flush, retried (1 s doubling to 30 s, on the clock) until the drama has taken every media update,
    /// so a storage outage at the end of a run never leaves the drama contradicting its jobs. Stopped only by the
    /// run's cancellation (shutdown after the grace, deletion); the node state saved with it lets the next run apply it.
    /// </summary>
    public async Task FlushUntilLandedAsync(RunContext run, CancellationToken cancellationToken)
    {
        await FlushAsync(run, CancellationToken.None);
        var wait = TimeSpan.FromSeconds(1);
        while (run.Writeback.HasPending && !cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(wait, clock, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            await FlushAsync(run, CancellationToken.None);
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, MaxWritebackWait.Ticks));
        }
    }

    private static readonly TimeSpan MaxWritebackWait = TimeSpan.FromSeconds(30);

    public async Task FlushAsync(RunContext run, CancellationToken cancellationToken)
    {
        try
        {
            await run.Writeback.FlushAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not write generated media into drama {DramaId}; will retry", run.DramaId);
        }
        try
        {
            await states.SaveAsync(run.State, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not save the generation state of drama {DramaId}; will retry", run.DramaId);
        }
    }
}
