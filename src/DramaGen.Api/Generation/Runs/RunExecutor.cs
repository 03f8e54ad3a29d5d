using System.Text.Json.Nodes;
using DramaGen.Configuration;
using DramaGen.Dramas;
using DramaGen.Generation.Events;
using DramaGen.Generation.Inputs;
using DramaGen.Generation.Media;
using DramaGen.Generation.Planning;
using DramaGen.Generation.Scheduling;
using DramaGen.Generation.State;
using DramaGen.Jobs;
using Microsoft.Extensions.Options;

namespace DramaGen.Generation.Runs;

/// <summary>
/// Carries one run from its parent job to a final status: plans it (or, for a run a crash interrupted,
/// rebuilds it from its child jobs), creates the child jobs, schedules, checkpoints, and sums up.
/// Delivery is at least once per node, but a node whose child job says completed is never run again.
/// </summary>
public sealed class RunExecutor(
    FileJobStore jobs,
    DramaRepository dramas,
    DramaStateStore states,
    RunPlanner planner,
    NodePrompts prompts,
    EagerScheduler eager,
    LevelScheduler level,
    RunCheckpointer checkpointer,
    IRunEventPublisher events,
    IOptions<GenerationOptions> options,
    IOptions<ServiceOptions> service,
    TimeProvider clock,
    ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger<RunExecutor>();

    /// <param name="deleted">Whether a cancellation means the drama is being deleted (else: service shutdown).</param>
    public async Task ExecuteAsync(string parentJobId, Func<bool> deleted, CancellationToken cancellationToken)
    {
        var parent = jobs.Get(parentJobId);
        if (parent is null || parent.IsFinished)
        {
            return;
        }
        var dramaId = parent.DramaId;
        var settings = RunSettings.FromMetadata(parent.Metadata, service.Value.DefaultUserId, dramaId, options.Value.SchedulerMode);
        var versioned = await dramas.GetAsync(dramaId, cancellationToken);
        if (versioned is null)
        {
            await FinishParentAsync(parent, JobStatuses.Failed, "the drama no longer exists");
            return;
        }
        if (!DramaGraph.TryBuild(versioned.Drama, out var graph, out var problems))
        {
            await FinishParentAsync(parent, JobStatuses.Failed, "the drama's generation graph is invalid: " + string.Join("; ", problems));
            return;
        }
        using var lease = await states.AcquireAsync(dramaId, cancellationToken);
        var writeback = new DramaWriteback(dramas, dramaId, _logger);
        var run = await PrepareAsync(parent, settings, versioned.Drama, graph, lease.State, writeback, cancellationToken);
        if (run is null)
        {
            await FinishParentAsync(parent, JobStatuses.Failed, "the drama no longer has what this run was asked to generate");
            return;
        }
        await jobs.UpdateAsync(parentJobId, job => { job.Status = JobStatuses.Running; job.StartedAt ??= clock.GetUtcNow(); }, CancellationToken.None);
        events.Publish(RunEvents.Progress(parentJobId, dramaId, JobStatuses.Running, jobs.CountChildren(parentJobId)));

        using var stopCheckpoints = new CancellationTokenSource();
        var checkpoints = checkpointer.LoopAsync(run, TimeSpan.FromMilliseconds(options.Value.FlushIntervalMs), stopCheckpoints.Token);
        try
        {
            IRunScheduler scheduler = settings.Mode == GenerationOptions.Level ? level : eager;
            await scheduler.RunAsync(run, cancellationToken);
        }
        finally
        {
            await stopCheckpoints.CancelAsync();
            await checkpoints;
            await checkpointer.FlushAsync(run, CancellationToken.None);
        }
        if (cancellationToken.IsCancellationRequested)
        {
            if (deleted())
            {
                await AbandonAsync(run, "cancelled: the drama was deleted");
            }
            // On shutdown the jobs stay as they are: the next start resumes the run.
            return;
        }
        var counts = jobs.CountChildren(parentJobId);
        await FinishParentAsync(parent, counts.Failed > 0 ? JobStatuses.Failed : JobStatuses.Completed,
            counts.Failed > 0 ? FailureSummary(parentJobId, counts) : null);
    }

    /// <summary>
    /// Plans the run. A run a crash or shutdown interrupted keeps its child jobs: completed ones give their
    /// outputs back to the node state (the checkpoint), final ones stay final, and a new plan on the restored
    /// state adds whatever is still dirty and has no job yet (children are created in memory and reach their
    /// files with their first lasting transition, so a crash can lose pending ones).
    /// </summary>
    private async Task<RunContext?> PrepareAsync(JobRecord parent, RunSettings settings, Drama drama, DramaGraph graph, DramaState state,
        DramaWriteback writeback, CancellationToken cancellationToken)
    {
        var jobIds = new Dictionary<int, string>();
        var outcomes = new Dictionary<int, NodeOutcome>();
        foreach (var child in jobs.ListChildren(parent.JobId))
        {
            var node = child.AssetId is null ? null : graph.Find(child.AssetId);
            if (node is null)
            {
                if (!child.IsFinished)
                {
                    await jobs.UpdateAsync(child.JobId, job => { job.Status = JobStatuses.Skipped; job.Error = "the node is no longer in the drama"; },
                        CancellationToken.None);
                }
                continue;
            }
            jobIds[node.Index] = child.JobId;
            outcomes[node.Index] = child.Status switch
            {
                JobStatuses.Completed => NodeOutcome.Completed,
                JobStatuses.Failed => NodeOutcome.Failed,
                JobStatuses.Skipped => NodeOutcome.Skipped,
                _ => NodeOutcome.Pending,
            };
            if (child.Status == JobStatuses.Completed)
            {
                RestoreState(state, writeback, node, child);
            }
        }
        if (jobIds.Count > 0)
        {
            _logger.LogInformation("Resuming run {ParentJobId} of drama {DramaId}: {Done} of {Total} recorded nodes already final",
                parent.JobId, parent.DramaId, outcomes.Count(pair => pair.Value.IsFinal()), jobIds.Count);
        }
        var plan = await planner.PlanAsync(drama, graph, state, settings, cancellationToken);
        if (plan is null)
        {
            return null;
        }
        var now = clock.GetUtcNow();
        var added = plan.Selected.Where(index => !jobIds.ContainsKey(index)).ToList();
        var children = added.Select(index => NewChild(parent, graph[index], plan.Lookup, now)).ToList();
        await jobs.CreateManyAsync(children, JobWrite.Deferred, CancellationToken.None);
        for (var i = 0; i < added.Count; i++)
        {
            jobIds[added[i]] = children[i].JobId;
        }
        await jobs.UpdateAsync(parent.JobId, job =>
        {
            job.Metadata["planned_nodes"] = jobIds.Count;
            job.Metadata["up_to_date_nodes"] = plan.Targets.Count(index => !plan.Verdicts[index].Dirty && !plan.IsForced(index));
        }, CancellationToken.None);
        var run = new RunContext(parent.JobId, parent.DramaId, settings, graph, plan.Lookup, state, writeback, jobIds, outcomes,
            index => settings.Force && (plan.IsForced(index) || outcomes.ContainsKey(index)));
        foreach (var index in run.FailedOrSkipped())
        {
            var (_, skipped) = run.Finish(index, run.OutcomeOf(index));
            foreach (var descendant in skipped)
            {
                await jobs.UpdateAsync(run.JobIdOf(descendant),
                    job => { job.Status = JobStatuses.Skipped; job.Error = $"dependency {graph[index].Id} did not complete"; }, CancellationToken.None);
            }
        }
        return run;
    }

    /// <summary>
    /// State and drama are saved in batches, so a crash can lose what a completed job still knows: put both
    /// back (the drama write is idempotent; the state only when it does not already hold this job's result).
    /// </summary>
    private static void RestoreState(DramaState state, DramaWriteback writeback, PlanNode node, JobRecord child)
    {
        if (child.R2Url is not null && node.Capability != Capability.None)
        {
            writeback.Record(node, JobStatuses.Completed, child.R2Url);
        }
        var metadata = child.Metadata;
        if (state.Get(node.Id)?.JobId == child.JobId || metadata["input_hash"]?.GetValue<string>() is not { } inputHash
            || metadata["output_hash"]?.GetValue<string>() is not { } outputHash)
        {
            return;
        }
        state.Set(node.Id, new NodeState
        {
            InputHash = inputHash,
            OutputHash = outputHash,
            OutputKey = metadata["output_key"]?.GetValue<string>(),
            Url = child.R2Url,
            ContentType = metadata["content_type"]?.GetValue<string>(),
            JobId = child.JobId,
            CompletedAt = child.CompletedAt ?? child.CreatedAt,
            OperationId = metadata["operation_id"]?.GetValue<string>(),
        });
    }

    private JobRecord NewChild(JobRecord parent, PlanNode node, DramaLookup lookup, DateTimeOffset now) => new()
    {
        JobId = Api.Ids.NewJobId(),
        DramaId = parent.DramaId,
        AssetId = node.Id,
        JobType = node.Capability.ToWire(),
        Status = JobStatuses.Pending,
        Prompt = node.Capability == Capability.None ? null : prompts.InputFor(node, lookup).Prompt,
        CreatedAt = now,
        ParentJobId = parent.JobId,
        Metadata = new JsonObject
        {
            ["level"] = node.Level,
            ["kind"] = node.Kind.ToWire(),
            ["provider"] = prompts.ProviderOf(node),
            ["attempts"] = 0,
            ["operation_id"] = null,
        },
    };

    private async Task AbandonAsync(RunContext run, string reason)
    {
        foreach (var index in run.Nodes)
        {
            if (jobs.Get(run.JobIdOf(index)) is { IsFinished: false })
            {
                await jobs.UpdateAsync(run.JobIdOf(index), job => { job.Status = JobStatuses.Skipped; job.Error = reason; }, CancellationToken.None);
            }
        }
        if (jobs.Get(run.ParentJobId) is { } parent)
        {
            await FinishParentAsync(parent, JobStatuses.Failed, reason);
        }
    }

    private string FailureSummary(string parentJobId, JobCounts counts)
    {
        var examples = jobs.ListChildren(parentJobId).Where(child => child.Status == JobStatuses.Failed).Take(3)
            .Select(child => $"{child.AssetId} ({child.Error})");
        return $"{counts.Failed} of {counts.Total} nodes failed, {counts.Skipped} skipped: {string.Join("; ", examples)}";
    }

    private async Task FinishParentAsync(JobRecord parent, string status, string? error)
    {
        var counts = jobs.CountChildren(parent.JobId);
        await jobs.UpdateAsync(parent.JobId, job =>
        {
            job.Status = status;
            job.Error = error;
            job.CompletedAt = clock.GetUtcNow();
            job.Result = System.Text.Json.JsonSerializer.SerializeToNode(counts);
        }, CancellationToken.None);
        events.Publish(RunEvents.End(parent.JobId, parent.DramaId, status, counts, error));
        _logger.LogInformation("Run {ParentJobId} of drama {DramaId} {Status}: {Completed}/{Total} completed, {Failed} failed, {Skipped} skipped",
            parent.JobId, parent.DramaId, status, counts.Completed, counts.Total, counts.Failed, counts.Skipped);
    }
}
