using DramaGen.Http;
using DramaGen.Pacing;
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

    public const int DefaultLimit = 100;
    public const int MaxLimit = 1_000;
    public const int DefaultChildLimit = 1_000;
    public const int MaxChildLimit = 10_000;

    /// <summary>A page of the drama's jobs, newest first; X-Total-Count says how many match in all.</summary>
    /// <param name="jobType">Only jobs of this type (dag for generation runs, image, video, drama, ...).</param>
    /// <param name="status">Only jobs in this status.</param>
    /// <param name="limit">At most this many (1 to 1000, default 100).</param>
    /// <param name="offset">Skip this many of the newest first.</param>
    public static async Task<Results<Ok<IReadOnlyList<JobRecord>>, ProblemHttpResult>> ListAsync(
        string dramaId, IJobStore jobs, HttpResponse response, CancellationToken cancellationToken,
        [FromQuery(Name = "job_type")] string? jobType = null, [FromQuery(Name = "status")] string? status = null,
        int? limit = null, int? offset = null)
    {
        if (PageProblem(limit, offset, MaxLimit) is { } problem) return problem;
        var all = await jobs.ListByDramaAsync(dramaId, cancellationToken);
        var matching = jobType is null && status is null
            ? all
            : [.. all.Where(job => (jobType is null || job.JobType == jobType) && (status is null || job.Status.ToWire() == status))];
        response.Headers["X-Total-Count"] = matching.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Ok<IReadOnlyList<JobRecord>>([.. matching.Skip(offset ?? 0).Take(limit ?? DefaultLimit)]);
    }

    /// <summary>
    /// A parent's counts are kept up to date by the store on every child transition and its children's JSON is kept
    /// between polls, so polling a 10,000-node run recounts nothing and copies only what changed; on PostgreSQL the job,
    /// counts and page are one round trip (<see cref="IJobPolls"/>). Its cost is no sum over the children either: a
    /// finished run's is stored with its end, a running one's is counted by the engine running it.
    /// </summary>
    /// <param name="children">false leaves the children out (counts only): the cheapest poll.</param>
    /// <param name="limit">At most this many children, oldest first (1 to 10000, default 1000).</param>
    /// <param name="offset">Skip this many children.</param>
    public static Results<Ok<JobRecord>, Ok<ParentJobView>, ProblemHttpResult> Get(string dramaId, string jobId, IJobPolls polls, IJobStore jobs,
        CapacityPools pools, IRunProgress progress, bool children = true, int? limit = null, int? offset = null)
    {
        if (PageProblem(limit, offset, MaxChildLimit) is { } problem) return problem;
        var poll = polls.Read(jobId, children, offset ?? 0, limit ?? DefaultChildLimit);
        if (poll is null || poll.Job.DramaId != dramaId) return Problems.NotFound($"Job '{jobId}' of drama '{dramaId}' was not found.");
        var (job, counts) = (poll.Job, poll.Counts);
        if (counts.Total == 0 && job.JobType != ParentJobView.DagJobType)
        {
            return TypedResults.Ok(job);
        }
        var live = job.IsFinished ? null : progress.Of(jobId);
        var view = ParentJobView.Of(job, counts, poll.Children, job.IsFinished ? null : pools.States, live?.EtaSeconds);
        if (!job.IsFinished)
        {
            // Live: what the children billed so far; summed from them only when the run is not in flight here
            // (still queued, or run by another instance).
            view.CostUsd = live is { } inFlight ? inFlight.CostUsd : ParentJobView.CostOf(jobs.ListChildren(jobId)) ?? view.CostUsd;
        }
        return TypedResults.Ok(view);
    }

    private static ProblemHttpResult? PageProblem(int? limit, int? offset, int maxLimit) =>
        limit is < 1 || limit > maxLimit ? Problems.BadRequest($"limit must be between 1 and {maxLimit}.")
        : offset is < 0 ? Problems.BadRequest("offset must not be negative.")
        : null;
}
