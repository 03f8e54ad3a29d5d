using DramaGen.Jobs;

namespace DramaGen.Generation.Runs;

/// <summary>
/// The hosted service of the engine: at start-up re-enqueues the runs a previous process left unfinished,
/// then feeds every queued run to the <see cref="RunDispatcher"/>. On shutdown no node starts any more, those in
/// flight get the <see cref="ShutdownGrace"/> to finish, and every job left unfinished stays resumable.
/// </summary>
public sealed class GenerationWorker(RunQueue queue, RunDispatcher dispatcher, IJobStore jobs, ShutdownGrace shutdown,
    ILogger<GenerationWorker> logger)
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
    /// Puts the runs a previous process left unfinished back in the queue before the host answers its first request
    /// (ExecuteAsync runs on a background thread since .NET 10, so a scan there would race the first requests).
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var unfinished = jobs.ListUnfinished()
            .Where(job => job.JobType == DagJobType && job.ParentJobId is null)
            .ToList();
        if (unfinished.Count > 0)
        {
            logger.LogInformation("Resuming {Count} unfinished generation runs", unfinished.Count);
        }
        foreach (var job in unfinished)
        {
            await JobRequeue.RequeueIfRunningAsync(jobs, job);
            queue.Readmit(job.DramaId, job.JobId);
            dispatcher.Dispatch(new RunTicket(job.JobId, job.DramaId, queue.NextSequence()), shutdown.InFlight);
        }
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var ticket in queue.Reader.ReadAllAsync(stoppingToken))
            {
                dispatcher.Dispatch(ticket, shutdown.InFlight);
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
}
