using DramaGen.Configuration;
using DramaGen.Jobs;
using DramaGen.Generation.Distribution;
using DramaGen.Generation.Planning;
using DramaGen.Generation.Runs;
using DramaGen.Pacing;
using Microsoft.Extensions.Options;

namespace DramaGen.Generation.Scheduling;

/// <summary>
/// What both schedulers do around one node: take a slot of its capability, execute it (the slot is given
/// back as soon as the provider answers, to at most the pool's capacity of nodes at once: <see cref="CapacityPool.ReleaseEarly"/>),
/// record the outcome, and hand the dependents that became ready to the scheduler, all synchronously after the node's
/// last await, so <see cref="SchedulerActivity"/> never shows a gap.
/// </summary>
public sealed class NodeRunner(NodeExecutor executor, RemoteNodes remote, CapacityPools pools, SchedulerActivity activity, ShutdownGrace shutdown,
    JobsDirectoryHealth jobsDirectory, TimeProvider clock, IOptions<GenerationOptions> options, ILogger<NodeRunner> logger)
{
    // One delegate for every node's grant, not one per node: thousands of nodes wait for a slot in a large run (#15).
    private readonly Action _enter = activity.Enter;

    /// <summary>Asks for the node's slot now (synchronously); the node runs on the thread pool once granted.</summary>
    public Task StartAsync(RunContext run, int index, Action<int>? onReady, CancellationToken cancellationToken)
    {
        var pool = PoolFor(run.Graph[index].Capability);
        Task<IDisposable?> slot;
        if (pool is null)
        {
            activity.Enter();
            slot = Task.FromResult<IDisposable?>(null);
        }
        else
        {
            try
            {
                // First come: equal priorities leave the order in which nodes became ready.
                var priority = options.Value.IsCriticalPathFirst ? run.Priorities[index] : 0;
                slot = pool.AcquireAsync(run, priority, cancellationToken, _enter)!;
            }
            catch (OperationCanceledException)
            {
                slot = Task.FromCanceled<IDisposable?>(cancellationToken);
            }
        }
        return RunAsync(run, index, slot, onReady, cancellationToken);
    }

    private CapacityPool? PoolFor(Capability capability) => capability switch
    {
        Capability.Image => pools.Image,
        Capability.Video => pools.Video,
        Capability.Speech => pools.Speech,
        Capability.Cut => pools.Cut,
        _ => null,
    };

    /// <summary>
    /// Waits for the slot, then runs the node. Kept apart from <see cref="RunGrantedAsync"/> so that a node waiting for its
    /// slot (thousands in a large run) holds only this small state, not the whole execution's (#15).
    /// </summary>
    private async Task RunAsync(RunContext run, int index, Task<IDisposable?> slot, Action<int>? onReady, CancellationToken cancellationToken)
    {
        IDisposable? lease;
        try
        {
            lease = await slot;
        }
        catch (OperationCanceledException)
        {
            run.Finish(index, NodeOutcome.Cancelled);
            return;
        }
        await RunGrantedAsync(run, index, lease, onReady, cancellationToken);
    }

    private async Task RunGrantedAsync(RunContext run, int index, IDisposable? lease, Action<int>? onReady, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var pool = PoolFor(run.Graph[index].Capability);
        IDisposable? releasedEarly = null;
        NodeOutcome outcome;
        List<int> skipped;
        try
        {
            // Granted after shutdown began: it stays pending for the next start (only calls in flight get the grace).
            // Nor does a node start while its job cannot be written: the run is failed instead (RunExecutor).
            if (shutdown.IsStopping || jobsDirectory.IsFailing)
            {
                outcome = NodeOutcome.Cancelled;
            }
            else
            {
                run.MarkRunning(index, clock.GetUtcNow());
                if (lease is not null)
                {
                    CapacityPool.RunCallsIn(lease);
                }
                // Distributed, the slot is held until the node ends wherever it runs: caps and quotas hold across instances.
                outcome = remote.Handles(run.Graph[index])
                    ? await remote.RunAsync(run, index, cancellationToken)
                    : await executor.ExecuteAsync(run, index, cancellationToken,
                        () => releasedEarly ??= lease is null ? null : pool!.ReleaseEarly(lease));
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            outcome = NodeOutcome.Cancelled;
        }
        catch (JobsDirectoryUnavailableException)
        {
            // Its job holds its state in memory (written once JOBS_DIR is writable); the run is failed as a whole.
            outcome = NodeOutcome.Cancelled;
        }
        catch (Exception e)
        {
            // The executor records provider failures itself; this is e.g. a job file that cannot be written.
            logger.LogError(e, "Node {NodeId} of run {ParentJobId} could not be executed", run.Graph[index].Id, run.ParentJobId);
            outcome = NodeOutcome.Failed;
        }
        try
        {
            (var ready, skipped) = run.Finish(index, outcome);
            // The dependents started below must not inherit this node's slot: their flows would keep it (and its
            // grant) alive for as long as they wait for their own.
            CapacityPool.LeaveSlot();
            if (onReady is not null && !cancellationToken.IsCancellationRequested && !shutdown.IsStopping && !jobsDirectory.IsFailing)
            {
                foreach (var dependent in ready)
                {
                    onReady(dependent);
                }
            }
        }
        finally
        {
            lease?.Dispose();
            releasedEarly?.Dispose();
            activity.Exit();
        }
        if (skipped.Count > 0)
        {
            var reason = $"dependency {run.Graph[index].Id} {(outcome == NodeOutcome.Failed ? "failed" : "was skipped")}";
            foreach (var descendant in skipped)
            {
                try
                {
                    await executor.SkipAsync(run, descendant, reason);
                }
                catch (Exception e)
                {
                    // The node is skipped in the run either way; only its job file lags (a resume skips it again).
                    logger.LogError(e, "Could not record node {NodeId} of run {ParentJobId} as skipped", run.Graph[descendant].Id, run.ParentJobId);
                }
            }
        }
    }
}
