using DramaGen.Jobs;

namespace DramaGen.Generation.Runs;

/// <summary>
/// The hosted service of the engine: once this instance runs the engine (<see cref="IEngineLeadership"/>), re-enqueues
/// the runs a previous process left unfinished, then feeds every queued run to the <see cref="RunDispatcher"/>. Where
/// several instances share the job store, the runs any of them accepted reach it through the <see cref="SharedJobFeed"/>.
/// On shutdown no node starts any more, those in flight get the <see cref="ShutdownGrace"/> to finish, and every job
/// left unfinished stays resumable.
/// </summary>
public sealed class GenerationWorker(RunQueue queue, RunDispatcher dispatcher, IJobStore jobs, ShutdownGrace shutdown,
    IEngineLeadership leadership, SharedJobFeed feed, ILogger<GenerationWorker> logger)
    : BackgroundService
{
    public const string DagJobType = ParentJobView.DagJobType;

    /// <summary>Nothing starts from the moment the host stops, not only once the loop below has noticed it.</summary>
    public override Task StopAsync(CancellationToken cancellationToken)
    {
        shutdown.Begin();
        return base.StopAsync(cancellationToken);
    }

    /// <summary>
    /// One instance: puts the runs a previous process left unfinished back in the queue before the host answers its first
    /// request (ExecuteAsync runs on a background thread since .NET 10, so a scan there would race the first requests).
    /// Several instances: the engine leader finds them in the shared store once it leads (<see cref="PickUpSharedAsync"/>).
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!feed.IsShared)
        {
            await ResumeUnfinishedAsync();
        }
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await leadership.WhenLeaderAsync(stoppingToken);
            if (feed.IsShared)
            {
                await PickUpSharedAsync(stoppingToken);
            }
            else
            {
                await foreach (var ticket in queue.Reader.ReadAllAsync(stoppingToken))
                {
                    dispatcher.Dispatch(ticket, shutdown.InFlight);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        shutdown.Begin();
        logger.LogInformation("Shutting down: no node starts any more; those in flight get up to {Grace} s to finish",
            shutdown.Grace.TotalSeconds);
        await dispatcher.WhenIdleAsync();
    }

    private async Task ResumeUnfinishedAsync()
    {
        var unfinished = UnfinishedRuns();
        if (unfinished.Count > 0)
        {
            logger.LogInformation("Resuming {Count} unfinished generation runs", unfinished.Count);
        }
        foreach (var job in unfinished)
        {
            await ResumeAsync(job);
        }
    }

    /// <summary>A run left unfinished (by a previous process or a dead leader) is queued again where it stopped.</summary>
    private async Task ResumeAsync(JobRecord job)
    {
        await JobRequeue.RequeueIfRunningAsync(jobs, job);
        queue.Readmit(job.DramaId, job.JobId);
        dispatcher.Dispatch(new RunTicket(job.JobId, job.DramaId, queue.NextSequence()), shutdown.InFlight);
    }

    /// <summary>
    /// The runs of the shared store, one at a time: every unfinished one at the start (those a dead leader left and those
    /// accepted while nobody led), each new one as its NOTIFY arrives, and all again at each re-scan.
    /// </summary>
    private async Task PickUpSharedAsync(CancellationToken stoppingToken)
    {
        await foreach (var jobId in feed.WatchAsync(stoppingToken))
        {
            try
            {
                foreach (var job in jobId is null ? UnfinishedRuns() : jobs.Get(jobId) is { } one ? [one] : [])
                {
                    await PickUpAsync(job);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The database did not answer: the engine carries on, and the next re-scan finds what was missed.
                logger.LogWarning("Could not pick up runs from the job store: {Error}", e.GetType().Name);
            }
        }
    }

    private async Task PickUpAsync(JobRecord listed)
    {
        // A run this instance already runs is skipped; one that ended since it was listed is read again to see so (its
        // end is recorded before it stops being active here).
        if (listed.JobType != DagJobType || listed.ParentJobId is not null || dispatcher.IsActive(listed.JobId)
            || jobs.Get(listed.JobId) is not { IsFinished: false } job)
        {
            return;
        }
        logger.LogInformation("Picking up run {ParentJobId} of drama {DramaId}", job.JobId, job.DramaId);
        // Found running and not running here: the instance that ran it is gone.
        await ResumeAsync(job);
    }

    private List<JobRecord> UnfinishedRuns() =>
        [.. jobs.ListUnfinished().Where(job => job.JobType == DagJobType && job.ParentJobId is null)];
}
