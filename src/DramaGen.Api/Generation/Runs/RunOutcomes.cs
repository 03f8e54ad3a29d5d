using DramaGen.Generation.Events;
using DramaGen.Jobs;

namespace DramaGen.Generation.Runs;

/// <summary>
/// What a run's parent job says about it, and the events that tell it: running, then completed, failed or
/// abandoned with a summary of its children.
/// </summary>
public sealed class RunOutcomes(IJobStore jobs, RunQueue queue, IRunEventPublisher events, TimeProvider clock, ILogger<RunOutcomes> logger)
{
    public async Task StartAsync(JobRecord parent)
    {
        await jobs.UpdateAsync(parent.JobId, job => { job.Status = JobStatus.Running; job.StartedAt ??= clock.GetUtcNow(); }, CancellationToken.None);
        events.Publish(RunEvents.Progress(parent.JobId, parent.DramaId, JobStatus.Running, jobs.CountChildren(parent.JobId)));
    }

    /// <summary>Every node is final: the run failed when any node did.</summary>
    public Task CompleteAsync(JobRecord parent)
    {
        var counts = jobs.CountChildren(parent.JobId);
        return counts.Failed > 0
            ? FinishAsync(parent, JobStatus.Failed, FailureSummary(parent.JobId, counts))
            : FinishAsync(parent, JobStatus.Completed, null);
    }

    /// <summary>Ends every unfinished node (skipped: its drama is gone; or failed) and fails the run.</summary>
    public async Task AbandonAsync(RunContext run, string reason, JobStatus nodeStatus = JobStatus.Skipped)
    {
        foreach (var index in run.Nodes)
        {
            if (jobs.Get(run.JobIdOf(index)) is { IsFinished: false })
            {
                await UpdateAsync(run.JobIdOf(index), job => { job.Status = nodeStatus; job.Error = reason; });
            }
        }
        if (jobs.Get(run.ParentJobId) is { } parent)
        {
            await FinishAsync(parent, JobStatus.Failed, reason);
        }
    }

    public async Task FinishAsync(JobRecord parent, JobStatus status, string? error)
    {
        var counts = jobs.CountChildren(parent.JobId);
        var cost = ParentJobView.CostOf(jobs.ListChildren(parent.JobId));
        // Released before the end is written: whoever reads the end may start the drama's next run.
        queue.Finished(parent.DramaId, parent.JobId);
        await UpdateAsync(parent.JobId, job =>
        {
            job.CostUsd = cost;
            job.Status = status;
            job.Error = error;
            job.CompletedAt = clock.GetUtcNow();
            job.Result = System.Text.Json.JsonSerializer.SerializeToNode(counts);
        });
        events.Publish(RunEvents.End(parent.JobId, parent.DramaId, status, counts, error, cost));
        logger.LogInformation("Run {ParentJobId} of drama {DramaId} {Status}: {Completed}/{Total} completed, {Failed} failed, {Skipped} skipped",
            parent.JobId, parent.DramaId, status, counts.Completed, counts.Total, counts.Failed, counts.Skipped);
    }

    /// <summary>An end state stands in memory even when JOBS_DIR cannot take it yet; it is written once it can.</summary>
    private async Task UpdateAsync(string jobId, Action<JobRecord> mutate)
    {
        try
        {
            await jobs.UpdateAsync(jobId, mutate, CancellationToken.None);
        }
        catch (JobsDirectoryUnavailableException)
        {
        }
    }

    private string FailureSummary(string parentJobId, JobCounts counts)
    {
        var examples = jobs.ListChildren(parentJobId).Where(child => child.Status == JobStatus.Failed).Take(3)
            .Select(child => $"{child.AssetId} ({child.Error})");
        return $"{counts.Failed} of {counts.Total} nodes failed, {counts.Skipped} skipped: {string.Join("; ", examples)}";
    }
}
