using DramaGen.Jobs;

namespace DramaGen.Generation.Events;

/// <summary>
/// The events a run's job files imply: a node event per child job, the parent's counts, and the end if
/// the parent is final. This is how a stream starts for a run the hub has not seen in this process
/// (after a restart, or long after it finished), and what it knew before its first live event.
/// The events have the shapes the scheduler publishes (<see cref="RunEvents"/>).
/// </summary>
public static class RunSnapshot
{
    public static IEnumerable<RunEvent> Of(JobRecord parent, IReadOnlyList<JobRecord> children, JobCounts counts)
    {
        foreach (var child in children)
        {
            yield return Node(parent, child);
        }
        var cost = ParentJobView.CostOf(children) ?? parent.CostUsd;
        yield return RunEvents.Progress(parent.JobId, parent.DramaId, parent.Status, counts, cost);
        if (parent.IsFinished)
        {
            yield return RunEvents.End(parent.JobId, parent.DramaId, parent.Status, counts, parent.Error, cost);
        }
    }

    public static RunEvent Node(JobRecord parent, JobRecord child) => Node(parent.JobId, parent.DramaId, child);

    public static RunEvent Node(string parentJobId, string dramaId, JobRecord child) =>
        RunEvents.Node(parentJobId, dramaId, child.AssetId ?? child.JobId, child.JobId, child.Status, child.R2Url, child.Error);
}
