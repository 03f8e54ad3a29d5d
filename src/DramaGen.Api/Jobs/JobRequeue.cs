namespace DramaGen.Jobs;

/// <summary>Start-up recovery's one move (running -> pending, see <see cref="JobTransitions"/>).</summary>
public static class JobRequeue
{
    /// <summary>
    /// A job found running at start-up was cut off by a crash or a shutdown: it is pending again until its run or worker
    /// starts it anew. Deferred: a crash that loses it finds it running again, which recovers the same way.
    /// </summary>
    public static async Task RequeueIfRunningAsync(IJobStore jobs, JobRecord job)
    {
        if (job.Status == JobStatus.Running)
        {
            await jobs.UpdateAsync(job.JobId, record =>
            {
                if (record.Status == JobStatus.Running) record.Status = JobStatus.Pending;
            }, JobWrite.Deferred, CancellationToken.None);
        }
    }
}
