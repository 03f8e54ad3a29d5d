namespace DramaGen.Jobs;

/// <summary>
/// What a poll of one job (GET /dramas/{id}/jobs/{jobId}) reads, all at once: the job, its children's counts and a page
/// of its children. On PostgreSQL that is one round trip on a connection pool of its own, so a poll never queues behind
/// the engine's writes for a connection; on JSON files it is three reads of memory.
/// </summary>
public interface IJobPolls
{
    /// <param name="children">false reads no page (counts only).</param>
    /// <param name="offset">Children to skip, in creation order.</param>
    /// <param name="limit">At most this many children.</param>
    /// <returns>Null when there is no such job.</returns>
    JobPoll? Read(string jobId, bool children, int offset, int limit);
}

/// <param name="Children">The page of children as JSON, in creation order (empty when none was asked for).</param>
public sealed record JobPoll(JobRecord Job, JobCounts Counts, RawJsonArray Children);
