using System.Collections.Concurrent;
using DramaGen.Generation.Runs;
using DramaGen.Jobs;
using Hangfire;

namespace DramaGen.Generation.Distribution;

/// <summary>One node of a <see cref="NodeJob"/>: its child job, its node, and the dispatch claim it was enqueued under.</summary>
public sealed record NodeOrder(string JobId, string NodeId, bool Forced, string[] DependencyJobIds, Guid Token);

/// <summary>
/// The Hangfire job "run these nodes of run R" (WORK_DISTRIBUTION=hangfire), executed by whichever instance's Hangfire server
/// fetches it. It carries the nodes of the run that were ready together (up to HANGFIRE_BATCH, <see cref="NodeJobBatcher"/>),
/// so Hangfire's own cost per job (its state changes, about 50 PostgreSQL transactions) is paid once for them all. Each node
/// is still its own child job with its own dispatch claim: the job runs, at once, only the nodes whose claim is still its own
/// (a node dispatched again since is left to its newer job), each through <see cref="NodeExecutor"/> (the child job records the
/// result, the bill and the instance, <see cref="RunContext.ExecutedBy"/>), and tells the leader of each as it ends (NOTIFY). Stopped by a shutdown, it throws, so
/// Hangfire gives it to another instance; a killed instance's job is taken over once its invisibility timeout passes, and its
/// nodes resume as after a crash (a node already ended is not run again; a video whose operation id was recorded is polled).
/// </summary>
public sealed class NodeJob(NodeDispatches dispatches, IJobStore jobs, NodeExecutor executor, LiveRuns live, RemoteRunViews views,
    IClusterSignals signals, TimeProvider clock, ILogger<NodeJob> logger)
{
    /// <summary>No automatic retry: a node's failures are the providers' retries and the run's business, and the leader
    /// dispatches again a node whose job ended without ending it.</summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task RunBatchAsync(string parentJobId, NodeOrder[] nodes, CancellationToken cancellationToken)
    {
        var claims = await dispatches.ClaimsAsync([.. nodes.Select(node => node.JobId)], cancellationToken);
        var executions = new List<Task>(nodes.Length);
        foreach (var node in nodes)
        {
            if (claims.TryGetValue(node.JobId, out var claim) && claim.Token == node.Token)
            {
                executions.Add(RunOwnAsync(parentJobId, node, claim.Unfinished, cancellationToken));
            }
            else
            {
                logger.LogInformation("Node {NodeId} of run {ParentJobId} was dispatched again since; this job leaves it", node.NodeId, parentJobId);
            }
        }
        // Every node runs to its end before the job ends, even when one throws: the job's end tells the leader that whatever
        // it did not end must be dispatched again.
        await Task.WhenAll(executions);
    }

    /// <summary>The one-node job that instances before HANGFIRE_BATCH enqueued (a rolling deploy may still hold some).</summary>
    [AutomaticRetry(Attempts = 0)]
    public Task RunAsync(string parentJobId, string jobId, string nodeId, bool forced, string[] dependencyJobIds, Guid token,
        CancellationToken cancellationToken) =>
        RunBatchAsync(parentJobId, [new NodeOrder(jobId, nodeId, forced, dependencyJobIds, token)], cancellationToken);

    /// <param name="unfinished">Its child job exists and is not final (as read with its claim): a node already ended is only
    /// told to the leader again.</param>
    private async Task RunOwnAsync(string parentJobId, NodeOrder node, bool unfinished, CancellationToken cancellationToken)
    {
        await Task.Yield();
        // The same job fetched again here while it still runs (its invisibility was not extended in time, e.g. a stalled
        // process): it waits for the first execution instead of calling the provider a second time.
        var execution = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!Executing.TryAdd(node.JobId, execution.Task))
        {
            if (Executing.TryGetValue(node.JobId, out var first))
            {
                await first.WaitAsync(cancellationToken);
            }
            return;
        }
        try
        {
            await ExecuteAsync(parentJobId, node, unfinished, cancellationToken);
        }
        finally
        {
            Executing.TryRemove(node.JobId, out _);
            execution.TrySetResult();
        }
    }

    /// <summary>The node jobs this process executes now, by child job id.</summary>
    private static readonly ConcurrentDictionary<string, Task> Executing = new(StringComparer.Ordinal);

    private async Task ExecuteAsync(string parentJobId, NodeOrder order, bool unfinished, CancellationToken cancellationToken)
    {
        if (unfinished)
        {
            var run = live.Find(parentJobId)
                ?? await views.RunOfAsync(parentJobId, order.JobId, order.NodeId, order.Forced, order.DependencyJobIds, cancellationToken);
            if (run?.Graph.Find(order.NodeId) is not { } node || !run.InRun(node.Index))
            {
                await jobs.UpdateAsync(order.JobId, job =>
                {
                    job.Status = JobStatus.Failed;
                    job.Error = "the node is no longer in the drama";
                    job.CompletedAt = clock.GetUtcNow();
                }, CancellationToken.None);
            }
            else
            {
                // The leader holds the node's estimate against the budgets (RemoteNodes): nothing to reserve here.
                var outcome = await executor.ExecuteAsync(run, node.Index, cancellationToken, reservedByLeader: true);
                // Stopped by this instance's shutdown: the job goes back to Hangfire's queue, another instance resumes the node.
                if (outcome == NodeOutcome.Cancelled)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
        }
        await signals.SendAsync(ClusterChannels.NodesDone, order.JobId, CancellationToken.None);
    }
}
