using System.Text.Json;
using System.Text.Json.Nodes;
using DramaGen.Configuration;
using DramaGen.Dramas;
using DramaGen.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace DramaGen.Authoring;

/// <summary>
/// POST /dramas (from a premise: a writing job; a whole document is stored by Dramas), and
/// POST /dramas/{dramaId}/improve and /critique: text-provider jobs on an existing drama.
/// </summary>
public static class AuthoringEndpoints
{
    public static IEndpointRouteBuilder MapAuthoring(this IEndpointRouteBuilder routes)
    {
        var dramas = DramaEndpoints.MapDramaGroup(routes);
        dramas.MapPost("/", CreateAsync)
            .WithSummary("Create a drama: {\"premise\": ...} starts a writing job (202); a whole drama document is stored as is (201)")
            .Accepts<CreateDramaRequest>("application/json");
        dramas.MapPost("/{dramaId}/improve", ImproveAsync)
            .WithSummary("Revise the drama following feedback (202 + job); ids are kept for what still exists")
            .Accepts<ImproveDramaRequest>("application/json");
        dramas.MapPost("/{dramaId}/critique", CritiqueAsync)
            .WithSummary("Critique the drama (202 + job); the critique lands in the job's result");
        // The Python service's name for the same route; the existing frontend calls it.
        dramas.MapPost("/{dramaId}/critic", CritiqueAsync)
            .WithSummary("Same as /critique (the Python service's path)");
        return routes;
    }

    public static async Task<Results<Created<Drama>, Accepted<JobResponse>, ProblemHttpResult>> CreateAsync(
        HttpRequest request, DramaRepository repository, DramaValidator validator, DramaAuthoring authoring, IOptions<LimitsOptions> limits,
        IOptions<ServiceOptions> service, DramaOwners owners)
    {
        var (document, json, status, error) = await JsonBody.ReadDocumentAsync(request, limits.Value.MaxRequestBytes);
        if (error is not null) return Problems.Status(status, error);
        using var owned = document!;
        var body = owned.RootElement;
        if (body.ValueKind != JsonValueKind.Object) return Problems.Status(400, "The body must be a JSON object.");

        if (CreateDramaRequest.IsWholeDocument(body))
        {
            return (await DramaEndpoints.CreateDocumentAsync(json!, body, request, repository, validator, owners)).Result switch
            {
                Created<Drama> created => created,
                var problem => (ProblemHttpResult)problem,
            };
        }
        var (brief, problems) = CreateDramaRequest.ToBrief(JsonObject.Create(body)!, limits.Value, service.Value.DefaultAspectRatio);
        if (problems is not null) return Problems.Invalid(problems, "Invalid premise request");
        var job = await authoring.EnqueueWriteAsync(brief!, request.HttpContext.GetCaller().OwnerId, request.HttpContext.RequestAborted);
        await owners.RecordAsync(job.DramaId, request.HttpContext.GetCaller(), request.HttpContext.RequestAborted);
        return TypedResults.Accepted(JobResponse.LocationOf(job.DramaId, job.JobId), JobResponse.Pending(job.DramaId, job.JobId, "Drama writing"));
    }

    public static async Task<Results<Accepted<JobResponse>, ProblemHttpResult>> ImproveAsync(
        string dramaId, HttpRequest request, DramaRepository repository, DramaAuthoring authoring, IOptions<LimitsOptions> limits)
    {
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
        var job = await authoring.EnqueueImproveAsync(dramaId, feedback, current.ETag, request.HttpContext.GetCaller().OwnerId, request.HttpContext.RequestAborted);
        return TypedResults.Accepted(JobResponse.LocationOf(dramaId, job.JobId), JobResponse.Pending(dramaId, job.JobId, "Drama improvement"));
    }

    public static async Task<Results<Accepted<JobResponse>, ProblemHttpResult>> CritiqueAsync(
        string dramaId, HttpContext context, DramaRepository repository, DramaAuthoring authoring, CancellationToken cancellationToken)
    {
        if (await repository.GetAsync(dramaId, cancellationToken) is null) return Problems.NotFound($"Drama '{dramaId}' was not found.");
        var job = await authoring.EnqueueCritiqueAsync(dramaId, context.GetCaller().OwnerId, cancellationToken);
        return TypedResults.Accepted(JobResponse.LocationOf(dramaId, job.JobId), JobResponse.Pending(dramaId, job.JobId, "Drama critique"));
    }
}
