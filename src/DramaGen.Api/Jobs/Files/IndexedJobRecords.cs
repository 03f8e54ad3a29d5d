namespace DramaGen.Jobs.Files;

/// <summary>
/// A list of jobs whose records are read from their JSON only when looked at, each time anew: the end of a 10,000-node run
/// sums its children's costs one record at a time, each garbage at once, instead of holding 10,000 records together, and a
/// caller that takes the first match or one page reads no more than that.
/// </summary>
internal sealed class IndexedJobRecords(IndexedJob[] jobs) : IReadOnlyList<JobRecord>
{
    public JobRecord this[int index] => jobs[index].ToRecord();

    public int Count => jobs.Length;

    public IEnumerator<JobRecord> GetEnumerator() => jobs.Select(job => job.ToRecord()).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

internal static class IndexedJobRecordsExtensions
{
    public static IReadOnlyList<JobRecord> AsRecords(this IndexedJob[] jobs) => new IndexedJobRecords(jobs);
}
