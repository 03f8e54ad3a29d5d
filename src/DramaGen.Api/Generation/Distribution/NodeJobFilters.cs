using Hangfire.Common;

namespace DramaGen.Generation.Distribution;

/// <summary>
/// The Hangfire filters of this service's client and servers: only those declared on the job's method (<see cref="NodeJob"/>'s
/// <c>[AutomaticRetry(Attempts = 0)]</c>), none of Hangfire's global ones, each a few statements per job for nothing this
/// service uses: capturing and restoring the enqueuer's culture (two parameters read per job; every instance runs the same
/// build), continuations (a parameter read at each final state; none are created), and the dashboard's succeeded/failed
/// history by day and hour (two counter rows per job; the dashboard's totals stay).
/// </summary>
public sealed class NodeJobFilters : IJobFilterProvider
{
    private readonly JobFilterAttributeFilterProvider _declared = new();

    public IEnumerable<JobFilter> GetFilters(Job job) => _declared.GetFilters(job);
}
