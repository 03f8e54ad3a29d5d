using DramaGen.Configuration;
using DramaGen.Dramas;
using DramaGen.Generation.Events;
using DramaGen.Generation.Media;
using DramaGen.Generation.Planning;
using DramaGen.Generation.Scheduling;
using DramaGen.Generation.State;
using DramaGen.Jobs;
using Microsoft.Extensions.Options;

namespace DramaGen.Generation.Runs;

/// <summary>
/// Carries one run from its parent job to a final status: has it prepared (<see cref="RunPreparer"/>),
/// schedules it, checkpoints, and sums up. Delivery is at least once per node, but a node whose child job
/// says completed is never run again.
/// </summary>
public sealed class RunExecutor(
    FileJobStore jobs,
    DramaRepository dramas,
    DramaStateStore states,
    RunPreparer preparer,
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
        var run = await preparer.PrepareAsync(parent, settings, versioned.Drama, graph, lease.State, writeback, cancellationToken);
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
