using System.Text.Json;
using DramaGen.Api;
using DramaGen.Generation.Planning;
using DramaGen.Generation.Runs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DramaGen.Generation;

/// <summary>The generate, audition, resume and plan routes of contract.md.</summary>
public static class GenerationEndpoints
{
    private const int MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapGeneration(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/dramas/{dramaId}").WithTags("Generation");
        group.MapPost("/generate", GenerateDramaAsync).WithSummary("Generate every portrait, storyboard and asset the drama lacks");
        group.MapPost("/episodes/{episodeId}/generate", GenerateEpisodeAsync).WithSummary("Generate one episode's scenes and assets");
        group.MapPost("/characters/{characterId}/generate", GenerateCharacterAsync).WithSummary("Generate a character's portrait");
        group.MapPost("/characters/{characterId}/audition", AuditionAsync).WithSummary("Generate a character's audition video");
        group.MapPost("/episodes/{episodeId}/scenes/{sceneId}/generate", GenerateSceneAsync).WithSummary("Generate a scene's storyboard and assets");
        group.MapPost("/episodes/{episodeId}/scenes/{sceneId}/assets/{assetId}/generate", GenerateAssetAsync).WithSummary("Generate one scene asset");
        group.MapPost("/resume", ResumeAsync).WithSummary("Run again what the last run left failed, skipped or unfinished");
        group.MapGet("/plan", GetPlanAsync).WithSummary("The generation DAG and what a generate would run now");
        return routes;
    }

    public static Task<Results<Accepted<JobResponse>, BadRequest<ProblemDetails>, NotFound<ProblemDetails>, UnprocessableEntity<ProblemDetails>>>
        GenerateDramaAsync(string dramaId, HttpRequest request, GenerationRuns runs, CancellationToken cancellationToken) =>
        StartAsync(runs, request, dramaId, [dramaId], RunScope.WholeDrama, cancellationToken);

    public static Task<Results<Accepted<JobResponse>, BadRequest<ProblemDetails>, NotFound<ProblemDetails>, UnprocessableEntity<ProblemDetails>>>
        GenerateEpisodeAsync(string dramaId, string episodeId, HttpRequest request, GenerationRuns runs, CancellationToken cancellationToken) =>
        StartAsync(runs, request, dramaId, [dramaId, episodeId], RunScope.Episode(episodeId), cancellationToken);

    public static Task<Results<Accepted<JobResponse>, BadRequest<ProblemDetails>, NotFound<ProblemDetails>, UnprocessableEntity<ProblemDetails>>>
        GenerateCharacterAsync(string dramaId, string characterId, HttpRequest request, GenerationRuns runs, CancellationToken cancellationToken) =>
        StartAsync(runs, request, dramaId, [dramaId, characterId], RunScope.Character(characterId), cancellationToken);

    public static Task<Results<Accepted<JobResponse>, BadRequest<ProblemDetails>, NotFound<ProblemDetails>, UnprocessableEntity<ProblemDetails>>>
        AuditionAsync(string dramaId, string characterId, HttpRequest request, GenerationRuns runs, CancellationToken cancellationToken) =>
        StartAsync(runs, request, dramaId, [dramaId, characterId], RunScope.Audition(characterId), cancellationToken);

    public static Task<Results<Accepted<JobResponse>, BadRequest<ProblemDetails>, NotFound<ProblemDetails>, UnprocessableEntity<ProblemDetails>>>
        GenerateSceneAsync(string dramaId, string episodeId, string sceneId, HttpRequest request, GenerationRuns runs,
            CancellationToken cancellationToken) =>
        StartAsync(runs, request, dramaId, [dramaId, episodeId, sceneId], RunScope.Scene(episodeId, sceneId), cancellationToken);

    public static Task<Results<Accepted<JobResponse>, BadRequest<ProblemDetails>, NotFound<ProblemDetails>, UnprocessableEntity<ProblemDetails>>>
        GenerateAssetAsync(string dramaId, string episodeId, string sceneId, string assetId, HttpRequest request, GenerationRuns runs,
            CancellationToken cancellationToken) =>
        StartAsync(runs, request, dramaId, [dramaId, episodeId, sceneId, assetId], RunScope.SceneAsset(episodeId, sceneId, assetId),
            cancellationToken);

    public static async Task<Results<Accepted<JobResponse>, BadRequest<ProblemDetails>, NotFound<ProblemDetails>>> ResumeAsync(
        string dramaId, GenerationRuns runs, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(dramaId))
        {
            return InvalidId(dramaId);
        }
        var start = await runs.ResumeAsync(dramaId, cancellationToken);
        return start.Status == RunStartStatus.Accepted ? Accepted(start) : GenerationProblems.NotFound(start.Detail!);
    }

    public static async Task<Results<Ok<PlanView>, BadRequest<ProblemDetails>, NotFound<ProblemDetails>, UnprocessableEntity<ProblemDetails>>>
        GetPlanAsync(string dramaId, PlanReader plans, CancellationToken cancellationToken, bool force = false)
    {
        if (!Ids.IsValid(dramaId))
        {
            return InvalidId(dramaId);
        }
        try
        {
            var plan = await plans.ReadAsync(dramaId, force, cancellationToken);
            return plan is null ? GenerationProblems.NotFound($"Drama '{dramaId}' was not found.") : TypedResults.Ok(plan);
        }
        catch (DramaGraphException e)
        {
            return GenerationProblems.InvalidGraph(e.Problems);
        }
    }

    private static async Task<Results<Accepted<JobResponse>, BadRequest<ProblemDetails>, NotFound<ProblemDetails>, UnprocessableEntity<ProblemDetails>>>
        StartAsync(GenerationRuns runs, HttpRequest http, string dramaId, string[] ids, RunScope scope, CancellationToken cancellationToken)
    {
        if (ids.FirstOrDefault(id => !Ids.IsValid(id)) is { } invalid)
        {
            return InvalidId(invalid);
        }
        var (body, error) = await GenerateBody.ReadAsync(http, MaxBodyBytes, cancellationToken);
        if (error is not null)
        {
            return error;
        }
        var start = await runs.StartAsync(dramaId, scope, body, cancellationToken);
        return start.Status switch
        {
            RunStartStatus.Accepted => Accepted(start),
            RunStartStatus.InvalidGraph => GenerationProblems.InvalidGraph(start.Problems!),
            _ => GenerationProblems.NotFound(start.Detail!),
        };
    }

    private static Accepted<JobResponse> Accepted(RunStart start)
    {
        var job = start.Job!;
        var location = JobResponse.LocationOf(job.DramaId, job.JobId);
        var message = start.Detail is null ? $"Poll GET {location} for progress." : $"{start.Detail} Poll GET {location} for progress.";
        return TypedResults.Accepted(location, new JobResponse(job.DramaId, job.JobId, job.Status, message));
    }

    private static BadRequest<ProblemDetails> InvalidId(string id) =>
        GenerationProblems.BadRequest($"'{Truncate(id)}' is not a valid id: use 1 to 64 of A-Z, a-z, 0-9, '_' and '-'.");

    internal static string Truncate(string value) => value.Length <= 80 ? value : value[..80] + "...";
}
