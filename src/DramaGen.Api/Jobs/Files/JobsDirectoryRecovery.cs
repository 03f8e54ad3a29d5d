namespace DramaGen.Jobs.Files;

/// <summary>
/// While JOBS_DIR cannot be written, retries every <see cref="RetryInterval"/>: writes the job states held in memory
/// (a run failed meanwhile, nodes finished) and probes the directory, so the jobs reach their files within seconds of
/// the directory being writable again, without a restart.
/// </summary>
internal sealed class JobsDirectoryRecovery(IJobStore store, JobsDirectoryHealth health, TimeProvider clock) : BackgroundService
{
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (store is not FileJobStore jobs)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(RetryInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (health.IsFailing)
            {
                await jobs.TryRecoverAsync(stoppingToken);
            }
        }
    }
}
