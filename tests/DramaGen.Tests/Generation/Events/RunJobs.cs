using DramaGen.Generation.Events;
using DramaGen.Jobs;

namespace DramaGen.Tests.Generation.Events;

/// <summary>Parent and child job records as the engine writes them, and the node events it publishes for them.</summary>
internal static class RunJobs
{
    public static async Task<JobRecord> CreateAsync(IJobStore store, string dramaId, params string[] nodeIds)
    {
        var parent = await store.CreateAsync(new JobRecord
        {
            JobId = "job_parent_" + Guid.NewGuid().ToString("N")[..8], DramaId = dramaId, AssetId = dramaId, JobType = "dag",
            Status = JobStatus.Running, CreatedAt = DateTimeOffset.UnixEpoch,
        });
        for (var i = 0; i < nodeIds.Length; i++)
        {
            await store.CreateAsync(new JobRecord
            {
                JobId = ChildId(parent.JobId, nodeIds[i]), DramaId = dramaId, AssetId = nodeIds[i], JobType = "image",
                ParentJobId = parent.JobId, CreatedAt = DateTimeOffset.UnixEpoch.AddSeconds(i),
            });
        }
        return parent;
    }

    public static string ChildId(string parentJobId, string nodeId) => parentJobId + "_" + nodeId;

    /// <summary>Updates the child's record like the engine would, then publishes its node event and the parent's progress.</summary>
    public static async Task SetAsync(IJobStore store, IRunEventPublisher publisher, JobRecord parent, string nodeId, JobStatus status,
        string? url = null, string? error = null)
    {
        var child = await store.UpdateAsync(ChildId(parent.JobId, nodeId), job =>
        {
            job.Status = status;
            job.R2Url = url;
            job.Error = error;
        });
        publisher.Publish(RunSnapshot.Node(parent, child));
        publisher.Publish(RunEvents.Progress(parent.JobId, parent.DramaId, JobStatus.Running, store.CountChildren(parent.JobId)));
    }

    /// <summary>Marks the parent final and publishes the end with its counts.</summary>
    public static async Task EndAsync(IJobStore store, IRunEventPublisher publisher, JobRecord parent, JobStatus status = JobStatus.Completed)
    {
        var final = await store.UpdateAsync(parent.JobId, job => job.Status = status);
        publisher.Publish(RunEvents.End(parent.JobId, parent.DramaId, final.Status, store.CountChildren(parent.JobId), final.Error));
    }
}
