using DramaGen.Configuration;
using Microsoft.Extensions.Options;

namespace DramaGen.Jobs;

/// <summary>
/// Deletes finished jobs older than JOB_RETENTION_DAYS, at start-up and then every hour (on the injected clock),
/// so job files do not pile up forever. Running and pending jobs are never deleted.
/// </summary>
public sealed class JobRetention(IJobStore jobs, IOptions<JobsOptions> options, TimeProvider clock, ILogger<JobRetention> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <returns>How many job records were deleted.</returns>
    public async Task<int> PruneOnceAsync(CancellationToken cancellationToken = default)
    {
        var days = options.Value.JobRetentionDays;
        if (days <= 0)
        {
            return 0;
        }
        var deleted = await jobs.DeleteFinishedBeforeAsync(clock.GetUtcNow() - TimeSpan.FromDays(days), cancellationToken);
        if (deleted > 0)
        {
            logger.LogInformation("Deleted {Count} job records finished more than {Days} days ago", deleted, days);
        }
        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                try
                {
                    await PruneOnceAsync(stoppingToken);
                }
                catch (IOException e)
                {
                    // A file that cannot be deleted now is tried again next time; the service keeps running.
                    logger.LogWarning(e, "Pruning old job records failed; retrying in {Interval}", Interval);
                }
                await Task.Delay(Interval, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
