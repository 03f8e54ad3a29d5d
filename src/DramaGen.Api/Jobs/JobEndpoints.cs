using DramaGen.Api;
using DramaGen.Dramas;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DramaGen.Jobs;

/// <summary>GET /dramas/{dramaId}/jobs and /dramas/{dramaId}/jobs/{jobId}.</summary>
public static class JobEndpoints
{
    public static IEndpointRouteBuilder MapJobs(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/dramas/{dramaId}/jobs").WithTags("Jobs");
        group.MapGet("/", ListJobsAsync).WithSummary("The drama's jobs, newest first");
        group.MapGet("/{jobId}", GetJob).WithSummary("One job; a parent job adds its children's counts and the children");
        return routes;
    }

    /// <param name="jobType">Only jobs of this type (e.g. dag for the runs, image, video).</param>
    /// <param name="status">Only jobs in this status.</param>
    public static async Task<Results<Ok<IReadOnlyList<JobRecord>>, BadRequest<ProblemDetails>, NotFound<ProblemDetails>>> ListJobsAsync(
        string dramaId, FileJobStore jobs, DramaRepository dramas, CancellationToken cancellationToken,
        [FromQuery(Name = "job_type")] string? jobType = null, string? status = null)
    {
        if (!Ids.IsValid(dramaId))
        {
            return InvalidId(dramaId);
        }
        var all = await jobs.ListByDramaAsync(dramaId, cancellationToken);
        if (all.Count == 0 && await dramas.GetAsync(dramaId, cancellationToken) is null)
        {
            return NotFound($"Drama '{dramaId}' was not found.");
        }
        IReadOnlyList<JobRecord> selected = jobType is null && status is null ? all
            : [.. all.Where(job => (jobType is null || job.JobType == jobType) && (status is null || job.Status == status))];
        return TypedResults.Ok(selected);
    }

    public static Results<Ok<JobRecord>, Ok<ParentJobView>, BadRequest<ProblemDetails>, NotFound<ProblemDetails>> GetJob(
        string dramaId, string jobId, FileJobStore jobs)
    {
        if (!Ids.IsValid(dramaId))
        {
            return InvalidId(dramaId);
        }
        if (!Ids.IsValid(jobId))
        {
            return InvalidId(jobId);
        }
        var job = jobs.Get(jobId);
        if (job is null || job.DramaId != dramaId)
        {
            return NotFound($"Job '{jobId}' of drama '{dramaId}' was not found.");
        }
        var counts = jobs.CountChildren(jobId);
        return counts.Total == 0 && job.JobType != "dag"
            ? TypedResults.Ok(job)
            : TypedResults.Ok(ParentJobView.Of(job, counts, jobs.ListChildren(jobId)));
    }

    private static BadRequest<ProblemDetails> InvalidId(string id) => TypedResults.BadRequest(new ProblemDetails
    {
        Title = "The request is invalid",
        Status = StatusCodes.Status400BadRequest,
        Detail = $"'{(id.Length <= 80 ? id : id[..80] + "...")}' is not a valid id: use 1 to 64 of A-Z, a-z, 0-9, '_' and '-'.",
    });

    private static NotFound<ProblemDetails> NotFound(string detail) =>
        TypedResults.NotFound(new ProblemDetails { Title = "Not found", Status = StatusCodes.Status404NotFound, Detail = detail });
}
