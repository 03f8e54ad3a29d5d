using System.Collections.Concurrent;
using DramaGen.Jobs;

namespace DramaGen.Generation.Runs;

/// <summary>
/// Starts runs: those of one drama one after another (so two generate calls never pay twice for a node:
/// the second plans after the first has recorded its outputs), those of different dramas concurrently,
/// sharing the provider caps. Cancels a drama's runs when it is deleted.
/// </summary>
public sealed class RunDispatcher(RunExecutor executor, IJobStore jobs, RunQueue queue, ShutdownGrace shutdown, ILogger<RunDispatcher> logger)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Lane> _lanes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _cancelledUpTo = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _finished = new(StringComparer.Ordinal);
    private readonly HashSet<string> _active = new(StringComparer.Ordinal);

    public void Dispatch(RunTicket ticket, CancellationToken stopping) => TryDispatch(ticket, stopping);

    /// <summary>Whether the run is queued or running here (from its dispatch until it has stopped).</summary>
    public bool IsActive(string parentJobId)
    {
        lock (_gate)
        {
            return _active.Contains(parentJobId);
        }
    }

    /// <returns>False when the run is already queued or running here: it is not dispatched twice.</returns>
    public bool TryDispatch(RunTicket ticket, CancellationToken stopping)
    {
        lock (_gate)
        {
            if (!_active.Add(ticket.ParentJobId))
            {
                return false;
            }
            if (!_lanes.TryGetValue(ticket.DramaId, out var lane))
            {
                lane = new Lane();
                _lanes[ticket.DramaId] = lane;
            }
            lane.Runs++;
            lane.Tail = RunAfterAsync(lane.Tail, lane, ticket, stopping);
            return true;
        }
    }

    /// <summary>Stops the drama's runs (queued ones never start) and returns once they have stopped.</summary>
    public async Task CancelDramaAsync(string dramaId)
    {
        _cancelledUpTo[dramaId] = queue.CurrentSequence;
        Task tail;
        lock (_gate)
        {
            if (!_lanes.TryGetValue(dramaId, out var lane))
            {
                return;
            }
            lane.Deleted = true;
            lane.Cancellation.Cancel();
            tail = lane.Tail;
            // A drama created again under the same id gets a fresh lane.
            _lanes.Remove(dramaId);
        }
        await tail;
    }

    /// <summary>Completes when the run has finished or stopped (used by tests and the benchmark).</summary>
    public Task WhenFinishedAsync(string parentJobId) =>
        jobs.Get(parentJobId) is null or { IsFinished: true } ? Task.CompletedTask : Signal(parentJobId).Task;

    /// <summary>Completes once every run started so far has stopped.</summary>
    public Task WhenIdleAsync()
    {
        lock (_gate)
        {
            return Task.WhenAll(_lanes.Values.Select(lane => lane.Tail));
        }
    }

    private TaskCompletionSource Signal(string parentJobId)
    {
        var signal = _finished.GetOrAdd(parentJobId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (jobs.Get(parentJobId) is null or { IsFinished: true })
        {
            signal.TrySetResult();
        }
        return signal;
    }

    private async Task RunAfterAsync(Task previous, Lane lane, RunTicket ticket, CancellationToken stopping)
    {
        // Never run inline under the dispatcher's lock.
        await previous.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        try
        {
            if (_cancelledUpTo.TryGetValue(ticket.DramaId, out var cancelled) && ticket.Sequence <= cancelled)
            {
                await MarkCancelledAsync(ticket);
                return;
            }
            if (shutdown.IsStopping)
            {
                // Queued when shutdown began: the next start resumes it.
                return;
            }
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, lane.Cancellation.Token);
            await executor.ExecuteAsync(ticket.ParentJobId, () => lane.Deleted, linked.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested || lane.Cancellation.IsCancellationRequested)
        {
            // Stopped before the run got going; its jobs are as they were.
        }
        catch (Exception e)
        {
            logger.LogError(e, "Run {ParentJobId} of drama {DramaId} crashed", ticket.ParentJobId, ticket.DramaId);
            await TryFailAsync(ticket, $"internal error: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            queue.Finished(ticket.DramaId, ticket.ParentJobId);
            if (_finished.TryRemove(ticket.ParentJobId, out var signal))
            {
                signal.TrySetResult();
            }
            lock (_gate)
            {
                _active.Remove(ticket.ParentJobId);
                if (--lane.Runs == 0 && _lanes.GetValueOrDefault(ticket.DramaId) == lane)
                {
                    _lanes.Remove(ticket.DramaId);
                }
            }
        }
    }

    private async Task MarkCancelledAsync(RunTicket ticket) =>
        await TryFailAsync(ticket, "cancelled: the drama was deleted");

    private async Task TryFailAsync(RunTicket ticket, string error)
    {
        var parentJobId = ticket.ParentJobId;
        // Released before the end is written, as RunOutcomes does.
        queue.Finished(ticket.DramaId, parentJobId);
        try
        {
            // Stored with the end, as every end stores it, so a poll of the finished run sums no children.
            var cost = ParentJobView.CostOf(jobs.ListChildren(parentJobId));
            // A run that crashed after its end was recorded keeps that end (final states are final).
            await jobs.UpdateAsync(parentJobId, job =>
            {
                if (job.IsFinished) return;
                job.Status = JobStatus.Failed;
                job.Error = error;
                job.CostUsd = cost;
            }, CancellationToken.None);
        }
        catch (KeyNotFoundException)
        {
            // Deleted with its drama.
        }
        catch (JobsDirectoryUnavailableException)
        {
            // Failed in memory; written once JOBS_DIR is writable again.
        }
    }

    private sealed class Lane
    {
        public Task Tail { get; set; } = Task.CompletedTask;
        public int Runs { get; set; }
        public bool Deleted { get; set; }
        public CancellationTokenSource Cancellation { get; } = new();
    }
}
