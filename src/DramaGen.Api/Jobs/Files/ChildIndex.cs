namespace DramaGen.Jobs.Files;

/// <summary>
/// The children of one parent job in creation order, with per-status counts kept up to date on every
/// transition, so a poll of a 10,000-node run costs neither a sort nor a recount.
/// </summary>
internal sealed class ChildIndex
{
    private readonly List<string> _ids = [];
    private readonly HashSet<string> _members = new(StringComparer.Ordinal);
    private int _pending, _running, _completed, _failed, _skipped;

    public void Add(string jobId, JobStatus status)
    {
        lock (this)
        {
            if (_members.Add(jobId))
            {
                _ids.Add(jobId);
                Adjust(status, +1);
            }
        }
    }

    public void Move(JobStatus from, JobStatus to)
    {
        if (from == to)
        {
            return;
        }
        lock (this)
        {
            Adjust(from, -1);
            Adjust(to, +1);
        }
    }

    public void Remove(string jobId, JobStatus status)
    {
        lock (this)
        {
            if (_members.Remove(jobId))
            {
                _ids.Remove(jobId);
                Adjust(status, -1);
            }
        }
    }

    /// <summary>The ids of a page of children (a poll's 1,000 of a 10,000-node run copies 1,000 under the lock, not 10,000).</summary>
    public string[] Ids(int offset = 0, int limit = int.MaxValue)
    {
        lock (this)
        {
            var start = Math.Min(offset, _ids.Count);
            return [.. _ids.GetRange(start, (int)Math.Min((long)limit, _ids.Count - start))];
        }
    }

    public JobCounts Counts()
    {
        lock (this)
        {
            return new JobCounts(_ids.Count, _completed, _failed, _running, _pending, _skipped);
        }
    }

    /// <summary>After a restart the files come back unordered; creation time restores the order.</summary>
    public void Sort(Func<string, (DateTimeOffset, string)> keyOf)
    {
        lock (this)
        {
            _ids.Sort((a, b) => keyOf(a).CompareTo(keyOf(b)));
        }
    }

    private void Adjust(JobStatus status, int delta)
    {
        switch (status)
        {
            case JobStatus.Running: _running += delta; break;
            case JobStatus.Completed: _completed += delta; break;
            case JobStatus.Failed: _failed += delta; break;
            // The answer has no cancelled_jobs (the frontend's counts): a cancelled job did not run, as a skipped one.
            case JobStatus.Skipped or JobStatus.Cancelled: _skipped += delta; break;
            default: _pending += delta; break;
        }
    }
}
