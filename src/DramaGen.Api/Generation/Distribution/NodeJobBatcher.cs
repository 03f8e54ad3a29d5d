using System.Threading.Channels;
using DramaGen.Configuration;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.Options;

namespace DramaGen.Generation.Distribution;

/// <summary>
/// The leader's dispatch of nodes to Hangfire, in batches. Nodes of a run that become ready together (at zero latency, dozens
/// at once) go out as one <see cref="NodeJob"/> of up to HANGFIRE_BATCH nodes: one claim statement for all of them (each row
/// still its own compare-and-set, <see cref="NodeDispatches.TryClaimManyAsync"/>), one Hangfire job, one statement recording
/// it. No batch waits to fill up: one dispatch is sent at a time, and the nodes that became ready while it was being
/// sent form the next one, so a lone node goes out at once and a burst shares Hangfire's cost per job (about 50 PostgreSQL
/// transactions for its enqueue, fetch and state changes). The nodes of a batch run at once on the instance that fetches it.
/// Dispatches follow each other at least HANGFIRE_DISPATCH_GAP_MS apart: when nodes become ready faster (zero-latency
/// providers, hundreds a second), those of the gap share one job. Measured with 3 instances (README, (h)): a gap of 50 ms took
/// the nodes a job from about 4 to 9-12 and the CPU a node (process and PostgreSQL) from 10-15 to 6-9 ms; a node ready after a
/// quiet time goes at once.
/// While this leader's jobs out already fill every worker of the cluster (<see cref="IHangfireWorkers"/>), a new job would only
/// wait in Hangfire's queue: the nodes wait here instead, until one of those jobs has ended all its nodes (or
/// <see cref="RemoteNodes.CheckInterval"/> has passed), and go out together. Measured with one instance of 4 workers and 32
/// nodes in flight: without it, 1.6-2.4 nodes a job, each waiting about 0.5 s in Hangfire's queue.
/// </summary>
public sealed class NodeJobBatcher(NodeDispatches dispatches, IServiceProvider services, IOptions<WorkDistributionOptions> options,
    ILogger<NodeJobBatcher> logger) : IDisposable
{
    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _startLock = new();
    private Task? _sender;

    /// <summary>This leader's Hangfire jobs whose nodes have not all ended: how many nodes each still runs.</summary>
    private readonly Dictionary<string, int> _outstanding = new(StringComparer.Ordinal);
    private TaskCompletionSource _jobEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TimeProvider Clock => services.GetService<TimeProvider>() ?? TimeProvider.System;

    private sealed record Pending(string ParentJobId, NodeOrder Order, Guid? Seen, TaskCompletionSource<string?> Sent, CancellationToken Cancellation);

    /// <summary>
    /// Claims the node's dispatch for <see cref="NodeOrder.Token"/> if it is still as the caller saw it (<paramref name="seen"/>,
    /// as <see cref="NodeDispatches.TryClaimAsync"/>) and, if the claim is won, enqueues it in a Hangfire job.
    /// </summary>
    /// <returns>The Hangfire job that carries the node, or null when someone else holds its dispatch.</returns>
    public async Task<string?> DispatchAsync(string parentJobId, NodeOrder order, Guid? seen, CancellationToken cancellationToken)
    {
        lock (_startLock)
        {
            _sender ??= Task.Run(SendAllAsync);
        }
        var pending = new Pending(parentJobId, order, seen, new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously),
            cancellationToken);
        if (!_pending.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(NodeJobBatcher));
        }
        try
        {
            return await pending.Sent.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Sent all the same once its claim was taken, but nobody awaits its end: it must not keep a worker counted here.
            _ = pending.Sent.Task.ContinueWith(sent =>
            {
                if (sent.IsCompletedSuccessfully && sent.Result is { } hangfireJobId)
                {
                    Ended(hangfireJobId);
                }
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw;
        }
    }

    /// <summary>
    /// A node of a job this leader sent has ended, or its job ended without ending it (<see cref="RemoteNodes"/>, once for each
    /// node it sent, whatever happened to it).
    /// </summary>
    public void Ended(string hangfireJobId)
    {
        lock (_outstanding)
        {
            if (!_outstanding.TryGetValue(hangfireJobId, out var running))
            {
                return;
            }
            if (running > 1)
            {
                _outstanding[hangfireJobId] = running - 1;
                return;
            }
            _outstanding.Remove(hangfireJobId);
            _jobEnded.TrySetResult();
            _jobEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Returns once a worker may be free for a new job: fewer jobs out than workers, one ended, or the check interval.</summary>
    private async Task WaitForAWorkerAsync()
    {
        var workers = services.GetService<IHangfireWorkers>()?.Count ?? 0;
        Task ended;
        lock (_outstanding)
        {
            if (workers == 0 || _outstanding.Count < workers)
            {
                return;
            }
            ended = _jobEnded.Task;
        }
        try
        {
            await ended.WaitAsync(RemoteNodes.CheckInterval, Clock);
        }
        catch (TimeoutException)
        {
            // No node waits longer. One of the jobs out is forgotten (which only makes the next batches smaller), so a job this
            // leader no longer hears of (its waiter failed) does not hold the window for good.
            lock (_outstanding)
            {
                if (_outstanding.Keys.FirstOrDefault() is { } forgotten)
                {
                    _outstanding.Remove(forgotten);
                }
            }
        }
    }

    /// <summary>Returns once <see cref="WorkDistributionOptions.DispatchGapMs"/> has passed since the last dispatch was sent.</summary>
    private async Task WaitForTheGapAsync(DateTimeOffset? lastSent)
    {
        var gap = TimeSpan.FromMilliseconds(options.Value.DispatchGapMs);
        if (lastSent is { } last && Clock.GetUtcNow() - last is var since && since < gap)
        {
            await Task.Delay(gap - since, Clock);
        }
    }

    private async Task SendAllAsync()
    {
        DateTimeOffset? lastSent = null;
        while (await _pending.Reader.WaitToReadAsync())
        {
            try
            {
                await WaitForAWorkerAsync();
            }
            catch (Exception e)
            {
                // Not knowing the workers only makes the batches smaller.
                logger.LogWarning("Could not read Hangfire's workers: {Error}", e.GetType().Name);
            }
            await WaitForTheGapAsync(lastSent);
            lastSent = Clock.GetUtcNow();
            var batch = new List<Pending>();
            var later = new List<Pending>();
            var claimed = new HashSet<string>(StringComparer.Ordinal);
            while (_pending.Reader.TryRead(out var pending))
            {
                if (pending.Cancellation.IsCancellationRequested)
                {
                    pending.Sent.TrySetCanceled(pending.Cancellation);
                }
                else if (!claimed.Add(pending.Order.JobId))
                {
                    // The same node asked for twice at once: one statement decides a row once, so the second claim goes in
                    // the next batch, decided against the first once that one is recorded.
                    later.Add(pending);
                }
                else
                {
                    batch.Add(pending);
                }
            }
            try
            {
                await SendAsync(batch);
            }
            catch (Exception e)
            {
                // Whatever went wrong, the loop goes on for the next nodes; these learn why.
                foreach (var pending in batch)
                {
                    pending.Sent.TrySetException(e);
                }
            }
            foreach (var pending in later)
            {
                _pending.Writer.TryWrite(pending);
            }
        }
    }

    private async Task SendAsync(List<Pending> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }
        IReadOnlySet<string> won;
        try
        {
            won = await dispatches.TryClaimManyAsync([.. batch.Select(pending => new NodeClaim(pending.Order.JobId, pending.Seen, pending.Order.Token))]);
        }
        catch (Exception e)
        {
            foreach (var pending in batch)
            {
                pending.Sent.TrySetException(e);
            }
            return;
        }
        var client = services.GetRequiredService<IBackgroundJobClient>();
        var enqueued = new List<(Pending Pending, string HangfireJobId)>();
        foreach (var lost in batch.Where(pending => !won.Contains(pending.Order.JobId)))
        {
            lost.Sent.TrySetResult(null);
        }
        foreach (var run in batch.Where(pending => won.Contains(pending.Order.JobId)).GroupBy(pending => pending.ParentJobId))
        {
            foreach (var chunk in run.Chunk(options.Value.Batch))
            {
                NodeOrder[] orders = [.. chunk.Select(pending => pending.Order)];
                var parentJobId = run.Key;
                try
                {
                    var hangfireJobId = client.Create(
                        Job.FromExpression<NodeJob>(job => job.RunBatchAsync(parentJobId, orders, CancellationToken.None)), new EnqueuedState());
                    lock (_outstanding)
                    {
                        _outstanding[hangfireJobId] = orders.Length;
                    }
                    enqueued.AddRange(chunk.Select(pending => (pending, hangfireJobId)));
                }
                catch (Exception e)
                {
                    foreach (var pending in chunk)
                    {
                        pending.Sent.TrySetException(e);
                    }
                }
            }
        }
        if (enqueued.Count == 0)
        {
            return;
        }
        // The instances' idle workers are woken while the jobs are recorded.
        var told = services.GetService<NodeJobWakeups>()?.TellAsync(enqueued.Select(sent => sent.HangfireJobId).Distinct().Count()) ?? Task.CompletedTask;
        try
        {
            await dispatches.RecordManyAsync([.. enqueued.Select(sent =>
                (new NodeClaim(sent.Pending.Order.JobId, sent.Pending.Seen, sent.Pending.Order.Token), sent.HangfireJobId))]);
        }
        catch (Exception e)
        {
            // The jobs are out and their claims hold, so they run; this leader awaits them by the ids it knows. Only a later
            // leader would not find them, as when a leader dies between a claim and its record.
            logger.LogWarning("Could not record the Hangfire jobs of {Count} nodes: {Error}", enqueued.Count, e.GetType().Name);
        }
        await told;
        foreach (var (pending, hangfireJobId) in enqueued)
        {
            pending.Sent.TrySetResult(hangfireJobId);
        }
    }

    public void Dispose() => _pending.Writer.TryComplete();
}
