using DramaGen.Http;
using DramaGen.Generation.Planning;
using DramaGen.Generation.Runs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DramaGen.Generation;

/// <summary>The generate, audition, resume and plan routes of contract.md.</summary>
public static class GenerationEndpoints
{
    public static IEndpointRouteBuilder MapGeneration(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/dramas/{dramaId}").WithTags("Generation").ValidateRouteIds().ProducesProblem(400).ProducesProblem(404);
        group.MapPost("/generate", GenerateDramaAsync).ProducesProblem(422)
            .WithSummary("Generate every portrait, storyboard and asset that is not up to date (body optional: {\"force\": false})");
        group.MapPost("/episodes/{episodeId}/generate", GenerateEpisodeAsync).ProducesProblem(422)
            .WithSummary("Generate one episode's storyboards and scene assets, plus the portraits they need and lack");
        group.MapPost("/characters/{characterId}/generate", GenerateCharacterAsync).ProducesProblem(422)
            .WithSummary("Generate a character's portrait");
        group.MapPost("/characters/{characterId}/audition", AuditionAsync).ProducesProblem(422)
            .WithSummary("Generate a character's audition video from its portrait (adds an audition asset when it has none)");
        group.MapPost("/episodes/{episodeId}/scenes/{sceneId}/generate", GenerateSceneAsync).ProducesProblem(422)
            .WithSummary("Generate a scene's storyboard and its assets");
        group.MapPost("/episodes/{episodeId}/scenes/{sceneId}/assets/{assetId}/generate", GenerateAssetAsync).ProducesProblem(422)
            .WithSummary("Generate one scene asset");
        group.MapPost("/resume", ResumeAsync).WithSummary("Run again what the last run left failed, skipped or unfinished");
        group.MapGet("/plan", GetPlanAsync).ProducesProblem(422)
            .WithSummary("The generation DAG without running it: every node, and whether a generate would run it now");
        return routes;
    }

    public static Task<Results<Accepted<JobResponse>, ProblemHttpResult>> GenerateDramaAsync(
        string dramaId, HttpRequest request, GenerationRuns runs, CancellationToken cancellationToken) =>
        StartAsync(runs, request, dramaId, RunScope.WholeDrama, cancellationToken);

    public static Task<Results<Accepted<JobResponse>, ProblemHttpResult>> GenerateEpisodeAsync(
        string dramaId, string episodeId, HttpRequest request, GenerationRuns runs, CancellationToken cancellationToken) =>
        StartAsync(runs, request, dramaId, RunScope.Episode(episodeId), cancellationToken);

    public static Task<Results<Accepted<JobResponse>, ProblemHttpResult>> GenerateCharacterAsync(
        string dramaId, string characterId, HttpRequest request, GenerationRuns runs, CancellationToken cancellationToken) =>
        StartAsync(runs, request, dramaId, RunScope.Character(characterId),
            cancellationToken);

    public static Task<Results<Accepted<JobResponse>, ProblemHttpResult>> AuditionAsync(
        string dramaId, string characterId, HttpRequest request, GenerationRuns runs, CancellationToken cancellationToken) =>
        StartAsync(runs, request, dramaId, RunScope.Audition(characterId),
            cancellationToken);

    public static Task<Results<Accepted<JobResponse>, ProblemHttpResult>> GenerateSceneAsync(
        string dramaId, string episodeId, string sceneId, HttpRequest request, GenerationRuns runs, CancellationToken cancellationToken) =>
        StartAsync(runs, request, dramaId, RunScope.Scene(episodeId, sceneId), cancellationToken);

    public static Task<Results<Accepted<JobResponse>, ProblemHttpResult>> GenerateAssetAsync(
        string dramaId, string episodeId, string sceneId, string assetId, HttpRequest request, GenerationRuns runs,
        CancellationToken cancellationToken) =>
        StartAsync(runs, request, dramaId, RunScope.SceneAsset(episodeId, sceneId, assetId), cancellationToken);

    public static async Task<Results<Accepted<JobResponse>, ProblemHttpResult>> ResumeAsync(
        string dramaId, GenerationRuns runs, CancellationToken cancellationToken)
    {
        var start = await runs.ResumeAsync(dramaId, cancellationToken);
        return start.Status switch
        {
            RunStartStatus.Accepted => Accepted(start),
            RunStartStatus.Conflict => RunningConflict(start),
            _ => Problems.NotFound(start.Detail!),
        };
    }

    /// <param name="force">Show the plan of a generate with force: true.</param>
    public static async Task<Results<Ok<PlanView>, ProblemHttpResult>> GetPlanAsync(
        string dramaId, PlanReader plans, CancellationToken cancellationToken, bool force = false)
    {
        try
        {
            var plan = await plans.ReadAsync(dramaId, force, cancellationToken);
            return plan is null ? Problems.NotFound($"Drama '{dramaId}' was not found.") : TypedResults.Ok(plan);
        }
        catch (DramaGraphException e)
        {
            return InvalidGraph(e.Problems);
        }
    }

    private static async Task<Results<Accepted<JobResponse>, ProblemHttpResult>> StartAsync(GenerationRuns runs, HttpRequest http,
        string dramaId, RunScope scope, CancellationToken cancellationToken)
    {
        var (body, error) = await GenerateBody.ReadAsync(http);
        if (error is not null) return error;
        var start = await runs.StartAsync(dramaId, scope, body, cancellationToken);
        return start.Status switch
        {
            RunStartStatus.Accepted => Accepted(start),
            RunStartStatus.InvalidGraph => InvalidGraph(start.Problems!),
            RunStartStatus.Conflict => RunningConflict(start),
            _ => Problems.NotFound(start.Detail!),
        };
    }

    private static Accepted<JobResponse> Accepted(RunStart start)
    {
        var job = start.Job!;
        var location = JobResponse.LocationOf(job.DramaId, job.JobId);
        var message = $"{start.Detail ?? "Generation queued."} Poll GET {location} for progress.";
        return TypedResults.Accepted(location, new JobResponse(job.DramaId, job.JobId, job.Status, message));
    }

    /// <summary>409 naming the drama's running job (also as "jobId" and in Location), so a client can poll it instead.</summary>
    private static ProblemHttpResult RunningConflict(RunStart start)
    {
        var problem = new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Conflict", Detail = start.Detail };
        problem.Extensions["jobId"] = start.RunningJobId;
        return TypedResults.Problem(problem);
    }

    /// <summary>422 naming every cycle and dangling reference.</summary>
    private static ProblemHttpResult InvalidGraph(IReadOnlyList<string> problems) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["dependsOn"] = [.. problems] })
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "The drama's generation graph is invalid",
            Detail = string.Join("; ", problems),
        });
}
