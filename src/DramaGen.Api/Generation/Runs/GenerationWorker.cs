using DramaGen.Jobs;

namespace DramaGen.Generation.Runs;

/// <summary>
/// The hosted service of the engine: at start-up re-enqueues the runs a previous process left unfinished,
/// then feeds every queued run to the <see cref="RunDispatcher"/>. On shutdown the runs stop and their
/// jobs stay resumable.
/// </summary>
public sealed class GenerationWorker(RunQueue queue, RunDispatcher dispatcher, FileJobStore jobs, ILogger<GenerationWorker> logger)
    : BackgroundService
{
    public const string DagJobType = ParentJobView.DagJobType;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var unfinished = jobs.ListAll()
            .Where(job => job.JobType == DagJobType && job.ParentJobId is null && !job.IsFinished)
            .OrderBy(job => job.CreatedAt).ThenBy(job => job.JobId, StringComparer.Ordinal)
            .ToList();
        if (unfinished.Count > 0)
        {
            logger.LogInformation("Resuming {Count} unfinished generation runs", unfinished.Count);
        }
        foreach (var job in unfinished)
        {
            queue.Readmit(job.DramaId, job.JobId);
            dispatcher.Dispatch(new RunTicket(job.JobId, job.DramaId, queue.NextSequence()), stoppingToken);
        }
        try
        {
            await foreach (var ticket in queue.Reader.ReadAllAsync(stoppingToken))
            {
                dispatcher.Dispatch(ticket, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await dispatcher.WhenIdleAsync();
    }
}
