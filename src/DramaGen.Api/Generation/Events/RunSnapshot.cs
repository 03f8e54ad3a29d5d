using System.Text.Json.Nodes;
using DramaGen.Jobs;

namespace DramaGen.Generation.Events;

/// <summary>
/// The events a run's job files imply: a node event per child job, the parent's counts, and the end if
/// the parent is final. This is how a stream starts for a run the hub has not seen in this process
/// (after a restart, or long after it finished), and what it knew before its first live event.
/// </summary>
public static class RunSnapshot
{
    public static IEnumerable<RunEvent> Of(JobRecord parent, IReadOnlyList<JobRecord> children)
    {
        foreach (var child in children)
        {
            yield return new RunEvent(parent.JobId, parent.DramaId, RunEventKinds.Node, Node(child));
        }
        yield return new RunEvent(parent.JobId, parent.DramaId, RunEventKinds.Progress, Counts(parent, children));
        if (parent.IsFinished)
        {
            yield return new RunEvent(parent.JobId, parent.DramaId, RunEventKinds.End, Counts(parent, children));
        }
    }

    /// <summary>The data of a node event, from the node's child job.</summary>
    public static JsonObject Node(JobRecord child) => new()
    {
        ["node_id"] = child.AssetId,
        ["job_id"] = child.JobId,
        ["status"] = child.Status,
        ["url"] = child.R2Url,
        ["error"] = child.Error,
    };

    /// <summary>The data of a progress or end event: the parent's status, the counts a poll of it shows, and its error.</summary>
    public static JsonObject Counts(JobRecord parent, IReadOnlyList<JobRecord> children)
    {
        var counts = JobCounts.Of(children);
        return new JsonObject
        {
            ["status"] = parent.Status,
            ["total_jobs"] = counts.Total,
            ["completed_jobs"] = counts.Completed,
            ["failed_jobs"] = counts.Failed,
            ["running_jobs"] = counts.Running,
            ["pending_jobs"] = counts.Pending,
            ["skipped_jobs"] = counts.Skipped,
            ["error"] = parent.Error,
        };
    }
}
