using System.Text.Json.Nodes;
using DramaGen.Http;
using DramaGen.Configuration;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace DramaGen.Dramas.Authoring;

/// <summary>POST /dramas/{dramaId}/improve and /critique: text-provider jobs on an existing drama.</summary>
public static class AuthoringEndpoints
{
    public static RouteGroupBuilder MapDramaAuthoring(this RouteGroupBuilder dramas)
    {
        dramas.MapPost("/{dramaId}/improve", ImproveAsync)
            .WithSummary("Revise the drama following feedback (202 + job); ids are kept for what still exists")
            .Accepts<ImproveDramaRequest>("application/json");
        dramas.MapPost("/{dramaId}/critique", CritiqueAsync)
            .WithSummary("Critique the drama (202 + job); the critique lands in the job's result");
        return dramas;
    }

    public static async Task<Results<Accepted<JobResponse>, ProblemHttpResult>> ImproveAsync(
        string dramaId, HttpRequest request, DramaRepository repository, DramaAuthoring authoring, IOptions<LimitsOptions> limits)
    {
        if (!Ids.IsValid(dramaId)) return Problems.InvalidId("dramaId", dramaId);
        var (body, status, error) = await JsonBody.ReadAsync(request, limits.Value.MaxRequestBytes);
        if (error is not null) return Problems.Status(status, error);
        var feedback = body is JsonObject { } o && o["feedback"] is JsonValue value && value.TryGetValue<string>(out var text) ? text.Trim() : null;
        if (string.IsNullOrEmpty(feedback) || feedback.Length > limits.Value.MaxPremiseLength)
        {
            return Problems.Invalid(new Dictionary<string, string[]>
            {
                ["feedback"] = [$"is required: a non-empty string of at most {limits.Value.MaxPremiseLength} characters"],
            }, "Invalid improve request");
        }
        var current = await repository.GetAsync(dramaId, request.HttpContext.RequestAborted);
        if (current is null) return Problems.NotFound($"Drama '{dramaId}' was not found.");
        var job = await authoring.EnqueueImproveAsync(dramaId, feedback, current.ETag, request.HttpContext.RequestAborted);
        return TypedResults.Accepted(JobResponse.LocationOf(dramaId, job.JobId), JobResponse.Pending(dramaId, job.JobId, "Drama improvement"));
    }

    public static async Task<Results<Accepted<JobResponse>, ProblemHttpResult>> CritiqueAsync(
        string dramaId, DramaRepository repository, DramaAuthoring authoring, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(dramaId)) return Problems.InvalidId("dramaId", dramaId);
        if (await repository.GetAsync(dramaId, cancellationToken) is null) return Problems.NotFound($"Drama '{dramaId}' was not found.");
        var job = await authoring.EnqueueCritiqueAsync(dramaId, cancellationToken);
        return TypedResults.Accepted(JobResponse.LocationOf(dramaId, job.JobId), JobResponse.Pending(dramaId, job.JobId, "Drama critique"));
    }
}
