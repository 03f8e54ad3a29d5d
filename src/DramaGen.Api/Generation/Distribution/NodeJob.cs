using System.Collections.Concurrent;
using DramaGen.Generation.Runs;
using DramaGen.Jobs;
using Hangfire;

namespace DramaGen.Generation.Distribution;

/// <summary>
/// The Hangfire job "run node X of run R" (WORK_DISTRIBUTION=hangfire), executed by whichever instance's Hangfire server
/// fetches it: it runs <see cref="NodeExecutor"/> on the node (the child job records the result, the bill and the instance),
/// then tells the leader (NOTIFY). A job whose claim was superseded does nothing. Stopped by a shutdown, it throws, so
/// Hangfire gives it to another instance; a killed instance's job is taken over once its invisibility timeout passes, and
/// the node resumes as after a crash (a video whose operation id was recorded is polled, not submitted again).
/// </summary>
public sealed class NodeJob(NodeDispatches dispatches, IJobStore jobs, NodeExecutor executor, LiveRuns live, RemoteRunViews views,
    IClusterSignals signals, ClusterInstance instance, TimeProvider clock, ILogger<NodeJob> logger)
{
    /// <summary>No automatic retry: a node's failures are the providers' retries and the run's business, and the leader
    /// dispatches again a job that ended without ending its node.</summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(string parentJobId, string jobId, string nodeId, bool forced, string[] dependencyJobIds, Guid token,
        CancellationToken cancellationToken)
    {
        if (!await dispatches.IsCurrentAsync(jobId, token, cancellationToken))
        {
            logger.LogInformation("Node {NodeId} of run {ParentJobId} was dispatched again since; this job ends", nodeId, parentJobId);
            return;
        }
        // The same job fetched again here while it still runs (its invisibility was not extended in time, e.g. a stalled
        // process): it waits for the first execution instead of calling the provider a second time.
        var execution = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!Executing.TryAdd(jobId, execution.Task))
        {
            if (Executing.TryGetValue(jobId, out var first))
            {
                await first.WaitAsync(cancellationToken);
            }
            return;
        }
        try
        {
            await ExecuteAsync(parentJobId, jobId, nodeId, forced, dependencyJobIds, cancellationToken);
        }
        finally
        {
            Executing.TryRemove(jobId, out _);
            execution.TrySetResult();
        }
    }

    /// <summary>The node jobs this process executes now, by child job id.</summary>
    private static readonly ConcurrentDictionary<string, Task> Executing = new(StringComparer.Ordinal);

    private async Task ExecuteAsync(string parentJobId, string jobId, string nodeId, bool forced, string[] dependencyJobIds,
        CancellationToken cancellationToken)
    {
        if (jobs.Get(jobId) is { IsFinished: false })
        {
            var run = live.Find(parentJobId) ?? await views.RunOfAsync(parentJobId, jobId, nodeId, forced, dependencyJobIds, cancellationToken);
            if (run?.Graph.Find(nodeId) is not { } node || !run.InRun(node.Index))
            {
                await jobs.UpdateAsync(jobId, job =>
                {
                    job.Status = JobStatus.Failed;
                    job.Error = "the node is no longer in the drama";
                    job.CompletedAt = clock.GetUtcNow();
                }, CancellationToken.None);
            }
            else
            {
                await jobs.UpdateAsync(jobId, job => job.Metadata[ClusterInstance.Field] = instance.Name, CancellationToken.None);
                // The leader holds the node's estimate against the budgets (RemoteNodes): nothing to reserve here.
                var outcome = await executor.ExecuteAsync(run, node.Index, cancellationToken, reservedByLeader: true);
                // Stopped by this instance's shutdown: the job goes back to Hangfire's queue, another instance resumes the node.
                if (outcome == NodeOutcome.Cancelled)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
        }
        await signals.SendAsync(ClusterChannels.NodesDone, jobId, CancellationToken.None);
    }
}
