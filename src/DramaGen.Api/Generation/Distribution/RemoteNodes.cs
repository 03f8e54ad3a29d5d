using System.Collections.Concurrent;
using DramaGen.Configuration;
using DramaGen.Costs;
using DramaGen.Generation.Estimates;
using DramaGen.Generation.Events;
using DramaGen.Generation.Planning;
using DramaGen.Generation.Runs;
using DramaGen.Jobs;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.Options;

namespace DramaGen.Generation.Distribution;

/// <summary>
/// The leader's side of WORK_DISTRIBUTION=hangfire: instead of calling a node's provider itself, the leader claims the node's
/// dispatch in PostgreSQL (<see cref="NodeDispatches"/>), enqueues it in a <see cref="NodeJob"/> that any instance runs (with
/// the other nodes of the run that were ready at the same moment: <see cref="NodeJobBatcher"/>), and
/// awaits its end (NOTIFY on <see cref="ClusterChannels.NodesDone"/>, and a look every few seconds in case one was missed).
/// It keeps the node's capacity slot and quota permit the whole time, so caps and quotas hold across the instances by
/// construction. A node already out with a Hangfire job still in flight (a new leader after a failover) is awaited, not
/// enqueued again. When it ends, its outcome comes back from the child job: the node state, drama writeback and cost of a
/// node another instance executed are applied here.
/// </summary>
public sealed class RemoteNodes : IDisposable
{
    /// <summary>How often a waiting leader looks at the node's job and Hangfire job without being told (a lost NOTIFY).</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(2);

    /// <summary>Dispatches of one node by one leader before it is failed (each Hangfire job ended without ending the node).</summary>
    private const int MaxDispatches = 3;

    /// <summary>Hangfire states of a job that will still run (or runs now).</summary>
    private static readonly HashSet<string> InFlight =
        [EnqueuedState.StateName, ProcessingState.StateName, ScheduledState.StateName, AwaitingState.StateName];

    private readonly IServiceProvider _services;
    private readonly IJobStore _jobs;
    private readonly LiveRuns _live;
    private readonly Budgets _budgets;
    private readonly LatencyEstimates _latencies;
    private readonly IRunEventPublisher _events;
    private readonly TimeProvider _clock;
    private readonly ClusterInstance _instance;
    private readonly ILogger<RemoteNodes> _logger;
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiters = new(StringComparer.Ordinal);
    private readonly IDisposable? _subscription;

    public RemoteNodes(IServiceProvider services, IJobStore jobs, LiveRuns live, Budgets budgets, LatencyEstimates latencies, IRunEventPublisher events,
        IClusterSignals signals,
        ClusterInstance instance, TimeProvider clock, IOptions<JobStoreOptions> store, IOptions<WorkDistributionOptions> options, ILogger<RemoteNodes> logger)
    {
        _services = services;
        _jobs = jobs;
        _live = live;
        _budgets = budgets;
        _latencies = latencies;
        _events = events;
        _clock = clock;
        _instance = instance;
        _logger = logger;
        IsEnabled = store.Value.Kind == JobStoreOptions.Postgres && options.Value.Mode == WorkDistributionOptions.Hangfire;
        if (IsEnabled)
        {
            _subscription = signals.Subscribe(ClusterChannels.NodesDone, Wake);
        }
    }

    public bool IsEnabled { get; }

    /// <summary>Provider calls go out; structural nodes (nothing to call) and cuts (ffmpeg on the drama's clips) stay with the leader.</summary>
    public bool Handles(PlanNode node) => IsEnabled && node.Capability is Capability.Image or Capability.Video or Capability.Speech;

    /// <summary>
    /// Runs the node on whichever instance fetches its Hangfire job. Its estimate is reserved here, against the budgets of
    /// the leader, which counts every node's bill wherever it ran (<see cref="Apply"/>), so DRAMA_BUDGET_USD, DAILY_BUDGET_USD
    /// and max_cost_usd hold across instances; the executing instance reserves nothing of its own.
    /// </summary>
    public async Task<NodeOutcome> RunAsync(RunContext run, int index, CancellationToken cancellationToken)
    {
        var estimate = _services.GetRequiredService<RunCostEstimates>().Of(run.Graph[index], run.Lookup);
        if (_budgets.TryReserve(run.BudgetScope, estimate.Usd, out _) is not { } reservation)
        {
            // Refused here, it is refused as a node run here always is: failed for its budget, which a resume retries.
            return await _services.GetRequiredService<NodeExecutor>().ExecuteAsync(run, index, cancellationToken);
        }
        try
        {
            return await DispatchAsync(run, index, cancellationToken);
        }
        finally
        {
            // Only the hold: the bill was counted by Apply, or by the executor when this instance ran the node.
            _budgets.Settle(reservation, 0m);
        }
    }

    private async Task<NodeOutcome> DispatchAsync(RunContext run, int index, CancellationToken cancellationToken)
    {
        var node = run.Graph[index];
        var jobId = run.JobIdOf(index);
        var dispatches = _services.GetRequiredService<NodeDispatches>();
        await _services.GetRequiredService<HangfireSchemaStartup>().Ready.WaitAsync(cancellationToken);
        // A node a worker of this instance runs on the live run says so on its child job, as those of other instances do.
        run.ExecutedBy ??= _instance.Name;
        using var held = _live.Hold(run);
        try
        {
            // Most nodes were never dispatched: their first claim needs no look first.
            NodeDispatch? dispatch = null;
            for (int attempt = 0, dispatched = 0; ; attempt++)
            {
                if (attempt > 0)
                {
                    dispatch = await dispatches.GetAsync(jobId, cancellationToken);
                }
                string hangfireJobId;
                Task? told = null;
                if (dispatch?.HangfireJobId is { } outstanding && IsInFlight(outstanding))
                {
                    hangfireJobId = outstanding;
                }
                else
                {
                    if (dispatched == MaxDispatches)
                    {
                        return await FailAsync(run, node, jobId, $"no instance finished it ({MaxDispatches} Hangfire jobs ended without ending it)");
                    }
                    string[] dependencies = [.. node.DependencyIndexes.Where(run.InRun).Select(run.JobIdOf)];
                    var order = new NodeOrder(jobId, node.Id, run.IsForced(index), dependencies, Guid.NewGuid());
                    // Listening before the job exists: its end cannot be told before this waits for it.
                    var listening = Listen(jobId);
                    if (await _services.GetRequiredService<NodeJobBatcher>().DispatchAsync(run.ParentJobId, order,
                            attempt == 0 ? null : dispatch?.Token, cancellationToken) is not { } sent)
                    {
                        continue; // someone else claimed it meanwhile: await theirs
                    }
                    dispatched++;
                    hangfireJobId = sent;
                    told = listening;
                }
                JobRecord? ended;
                try
                {
                    ended = await WaitAsync(jobId, hangfireJobId, told, cancellationToken);
                }
                finally
                {
                    if (told is not null)
                    {
                        _services.GetRequiredService<NodeJobBatcher>().Ended(hangfireJobId);
                    }
                }
                if (ended is not null)
                {
                    return Apply(run, node, ended);
                }
            }
        }
        finally
        {
            _waiters.TryRemove(jobId, out _);
        }
    }

    /// <summary>A fresh wake-up for the node, registered before its job is read (or sent), so no NOTIFY after it is missed.</summary>
    private Task Listen(string jobId)
    {
        var wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters[jobId] = wake;
        return wake.Task;
    }

    /// <summary>The node's child job once final, or null when its Hangfire job ended without ending it (dispatch again).</summary>
    /// <param name="told">The wake-up registered before the job was sent: the node cannot have ended unnoticed, so the first
    /// look at its child job waits for it (or the check interval). Null: look first.</param>
    private async Task<JobRecord?> WaitAsync(string jobId, string hangfireJobId, Task? told, CancellationToken cancellationToken)
    {
        var wake = told;
        while (true)
        {
            if (wake is null)
            {
                wake = Listen(jobId);
                var child = await _jobs.GetAsync(jobId, cancellationToken) ?? throw new KeyNotFoundException($"Job '{jobId}' does not exist.");
                if (child.IsFinished)
                {
                    return child;
                }
            }
            try
            {
                await wake.WaitAsync(CheckInterval, _clock, cancellationToken);
            }
            catch (TimeoutException)
            {
                if (!IsInFlight(hangfireJobId))
                {
                    // It may have ended the node just before its job ended.
                    return await _jobs.GetAsync(jobId, cancellationToken) is { IsFinished: true } ended ? ended : null;
                }
            }
            wake = null;
        }
    }

    private void Wake(string? jobId)
    {
        if (jobId is null)
        {
            foreach (var waiter in _waiters.Values)
            {
                waiter.TrySetResult();
            }
        }
        else if (_waiters.TryGetValue(jobId, out var waiter))
        {
            waiter.TrySetResult();
        }
    }

    private bool IsInFlight(string hangfireJobId)
    {
        using var connection = _services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetStateData(hangfireJobId)?.Name is { } state && InFlight.Contains(state);
    }

    /// <summary>What another instance did to the node, applied to the live run; a node this instance executed applied itself.</summary>
    private NodeOutcome Apply(RunContext run, PlanNode node, JobRecord child)
    {
        if (child.Metadata[ClusterInstance.Field]?.GetValue<string>() != _instance.Name)
        {
            if (child.CostUsd is { } cost)
            {
                run.AddCost(cost);
                _budgets.Record(run.BudgetScope, cost);
            }
            if (child.Status == JobStatus.Completed)
            {
                RunPreparer.RestoreState(run.State, run.Writeback, node, child);
                // The leader plans and estimates: it learns the latencies of calls made anywhere.
                if (child.Metadata[NodeExecutor.CallSecondsField]?.GetValue<double>() is { } seconds)
                {
                    _latencies.Record(node, TimeSpan.FromSeconds(seconds));
                }
            }
            else if (node.IsAsset)
            {
                run.Writeback.Record(node, child.Status);
            }
        }
        return child.Status switch
        {
            JobStatus.Completed when child.Metadata["up_to_date"]?.GetValue<bool>() == true => NodeOutcome.UpToDate,
            JobStatus.Completed => NodeOutcome.Completed,
            JobStatus.Skipped => NodeOutcome.Skipped,
            JobStatus.Cancelled => NodeOutcome.Cancelled,
            _ => NodeOutcome.Failed,
        };
    }

    private async Task<NodeOutcome> FailAsync(RunContext run, PlanNode node, string jobId, string reason)
    {
        _logger.LogError("Node {NodeId} of run {ParentJobId} failed: {Reason}", node.Id, run.ParentJobId, reason);
        var job = await _jobs.UpdateAsync(jobId, job =>
        {
            job.Status = JobStatus.Failed;
            job.Error = reason;
            job.CompletedAt = _clock.GetUtcNow();
        }, CancellationToken.None);
        _events.Publish(RunEvents.Node(run.ParentJobId, run.DramaId, node.Id, jobId, job.Status, error: reason));
        if (node.IsAsset)
        {
            run.Writeback.Record(node, JobStatus.Failed);
        }
        return NodeOutcome.Failed;
    }

    public void Dispose() => _subscription?.Dispose();
}
