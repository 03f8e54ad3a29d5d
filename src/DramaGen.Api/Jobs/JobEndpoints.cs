using DramaGen.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DramaGen.Jobs;

/// <summary>GET /dramas/{dramaId}/jobs and /jobs/{jobId}: what ran, what runs, and a run's progress.</summary>
public static class JobEndpoints
{
    public static IEndpointRouteBuilder MapJobs(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/dramas/{dramaId}/jobs").WithTags("Jobs").ValidateRouteIds().ProducesProblem(400).ProducesProblem(404);
        group.MapGet("/", ListAsync).WithSummary("The drama's jobs, newest first");
        group.MapGet("/{jobId}", Get)
            .WithSummary("One job; a parent job adds total_jobs, completed_jobs, failed_jobs, running_jobs, pending_jobs, skipped_jobs and jobs (its children)");
        return routes;
    }

    /// <param name="jobType">Only jobs of this type (dag for generation runs, image, video, drama, ...).</param>
    /// <param name="status">Only jobs in this status.</param>
    public static async Task<Results<Ok<IReadOnlyList<JobRecord>>, ProblemHttpResult>> ListAsync(
        string dramaId, IJobStore jobs, CancellationToken cancellationToken,
        [FromQuery(Name = "job_type")] string? jobType = null, [FromQuery(Name = "status")] string? status = null)
    {
        var all = await jobs.ListByDramaAsync(dramaId, cancellationToken);
        return TypedResults.Ok(jobType is null && status is null
            ? all
            : (IReadOnlyList<JobRecord>)[.. all.Where(job => (jobType is null || job.JobType == jobType) && (status is null || job.Status == status))]);
    }

    /// <summary>
    /// A parent's counts are kept up to date by the store on every child transition and its children are
    /// in memory, so polling a 10,000-node run reads no file and recounts nothing.
    /// </summary>
    public static Results<Ok<JobRecord>, Ok<ParentJobView>, ProblemHttpResult> Get(string dramaId, string jobId, FileJobStore jobs)
    {
        var job = jobs.Get(jobId);
        if (job is null || job.DramaId != dramaId) return Problems.NotFound($"Job '{jobId}' of drama '{dramaId}' was not found.");
        var counts = jobs.CountChildren(jobId);
        return counts.Total == 0 && job.JobType != ParentJobView.DagJobType
            ? TypedResults.Ok(job)
            : TypedResults.Ok(ParentJobView.Of(job, counts, jobs.ListChildrenJson(jobId)));
    }
}
