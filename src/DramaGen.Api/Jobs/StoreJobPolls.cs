namespace DramaGen.Jobs;

/// <summary>A poll as the job store's own reads (JOB_STORE=file: the records, counts and JSON are in memory).</summary>
public sealed class StoreJobPolls(IJobStore jobs) : IJobPolls
{
    public JobPoll? Read(string jobId, bool children, int offset, int limit) =>
        jobs.Get(jobId) is { } job
            ? new JobPoll(job, jobs.CountChildren(jobId), children ? jobs.ListChildrenJson(jobId, offset, limit) : new RawJsonArray([]))
            : null;
}
