using System.Text.Json;
using System.Text.Json.Nodes;
using DramaGen.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DramaGen.Jobs;

/// <summary>GET /dramas/{dramaId}/jobs and /jobs/{jobId}: what ran, what runs, and a run's progress.</summary>
public static class JobEndpoints
{
    public static IEndpointRouteBuilder MapJobs(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/dramas/{dramaId}/jobs").WithTags("Jobs").ProducesProblem(400).ProducesProblem(404);
        group.MapGet("/", ListAsync).WithSummary("The drama's jobs, newest first");
        group.MapGet("/{jobId}", GetAsync)
            .WithSummary("One job; a parent job adds total_jobs, completed_jobs, failed_jobs, running_jobs, pending_jobs, skipped_jobs and jobs (its children)");
        return routes;
    }

    public static async Task<Results<Ok<IReadOnlyList<JobRecord>>, ProblemHttpResult>> ListAsync(
        string dramaId, IJobStore jobs, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(dramaId)) return Problems.InvalidId("dramaId", dramaId);
        return TypedResults.Ok(await jobs.ListByDramaAsync(dramaId, cancellationToken));
    }

    public static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> GetAsync(
        string dramaId, string jobId, FileJobStore jobs, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(dramaId)) return Problems.InvalidId("dramaId", dramaId);
        if (!Ids.IsValid(jobId)) return Problems.InvalidId("jobId", jobId);
        var job = await jobs.GetAsync(jobId, cancellationToken);
        if (job is null || job.DramaId != dramaId) return Problems.NotFound($"Job '{jobId}' of drama '{dramaId}' was not found.");
        return TypedResults.Ok(JobView.Of(job, jobs.ListChildren(jobId)));
    }
}

/// <summary>A job as a poll shows it: the record, plus progress counts and children for a parent job.</summary>
public static class JobView
{
    public static JsonObject Of(JobRecord job, IReadOnlyList<JobRecord> children)
    {
        var view = JsonSerializer.SerializeToNode(job)!.AsObject();
        if (children.Count == 0)
        {
            return view;
        }
        var counts = JobCounts.Of(children);
        view["total_jobs"] = counts.Total;
        view["completed_jobs"] = counts.Completed;
        view["failed_jobs"] = counts.Failed;
        view["running_jobs"] = counts.Running;
        view["pending_jobs"] = counts.Pending;
        view["skipped_jobs"] = counts.Skipped;
        view["jobs"] = JsonSerializer.SerializeToNode(children);
        return view;
    }
}

public readonly record struct JobCounts(int Total, int Completed, int Failed, int Running, int Pending, int Skipped)
{
    public static JobCounts Of(IReadOnlyList<JobRecord> jobs)
    {
        int completed = 0, failed = 0, running = 0, pending = 0, skipped = 0;
        foreach (var job in jobs)
        {
            switch (job.Status)
            {
                case JobStatuses.Completed: completed++; break;
                case JobStatuses.Failed: failed++; break;
                case JobStatuses.Running: running++; break;
                case JobStatuses.Skipped: skipped++; break;
                default: pending++; break;
            }
        }
        return new JobCounts(jobs.Count, completed, failed, running, pending, skipped);
    }
}
