using DramaGen.Costs;
using DramaGen.Http;
using DramaGen.Generation.Planning;
using DramaGen.Generation.Runs;
using DramaGen.Jobs;
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
        group.MapPost("/execute", ExecuteAsync).ProducesProblem(409).ProducesProblem(422)
            .WithSummary("The Python service's whole-drama run: {user_id, project_name, resume}; resume: true is /resume")
            .Accepts<ExecuteRequest>("application/json");
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

    /// <summary>
    /// The seed's body {prompt, reference_images, duration}: prompt and duration replace the asset's stored ones
    /// (the drama keeps what was generated); reference_images are sent as references and regenerate the asset.
    /// </summary>
    public static async Task<Results<Accepted<JobResponse>, ProblemHttpResult>> GenerateAssetAsync(
        string dramaId, string episodeId, string sceneId, string assetId, HttpRequest request, GenerationRuns runs,
        AssetReferences references, CancellationToken cancellationToken)
    {
        var (body, error) = await GenerateBody.ReadAsync(request);
        if (error is not null) return error;
        var errors = new Dictionary<string, string[]>();
        if (body.Prompt is not null && string.IsNullOrWhiteSpace(body.Prompt)) errors["prompt"] = ["must not be blank"];
        if (body.Duration is < 1 or > 600) errors["duration"] = ["must be between 1 and 600 seconds"];
        IReadOnlyList<string> keys = [];
        if (body.ReferenceImages is { Count: > 0 } named)
        {
            var (resolved, referenceErrors) = await references.ResolveAsync(named, body.UserId, cancellationToken);
            keys = resolved;
            foreach (var (path, messages) in referenceErrors) errors[path] = messages;
        }
        if (errors.Count > 0)
        {
            return TypedResults.Problem(new HttpValidationProblemDetails(errors)
            {
                Status = StatusCodes.Status422UnprocessableEntity, Title = "The generate request is invalid", Detail = "The body has invalid fields.",
            });
        }
        var scope = RunScope.SceneAsset(episodeId, sceneId, assetId);
        if ((body.Prompt is not null || body.Duration is not null)
            && !await runs.EditSceneAssetAsync(dramaId, episodeId, sceneId, assetId, body.Prompt, body.Duration, cancellationToken))
        {
            return Problems.NotFound($"Asset '{assetId}' of scene '{episodeId}/{sceneId}' was not found in drama '{dramaId}'.");
        }
        return Answer(await runs.StartAsync(dramaId, scope, body, cancellationToken, keys));
    }

    /// <summary>The optional body may raise the run's max_cost_usd and set run_what_fits.</summary>
    public static async Task<Results<Accepted<JobResponse>, ProblemHttpResult>> ResumeAsync(
        string dramaId, HttpRequest request, GenerationRuns runs, CancellationToken cancellationToken)
    {
        var (body, error) = await GenerateBody.ReadAsync(request);
        if (error is not null) return error;
        return Answer(await runs.ResumeAsync(dramaId, cancellationToken, body));
    }

    /// <summary>
    /// POST /execute as the Python service answered it ({dag_id, drama_id, parent_job_id, status, message}) plus the
    /// camelCase fields of the other generate routes, so either kind of client reads it.
    /// </summary>
    public static async Task<Results<Accepted<ExecuteResponse>, ProblemHttpResult>> ExecuteAsync(
        string dramaId, HttpRequest request, GenerationRuns runs, CancellationToken cancellationToken)
    {
        var (body, error) = await GenerateBody.ReadAsync(request);
        if (error is not null) return error;
        var start = body.Resume
            ? await runs.ResumeAsync(dramaId, cancellationToken, body)
            : await runs.StartAsync(dramaId, RunScope.WholeDrama, body, cancellationToken);
        if (start.Status != RunStartStatus.Accepted)
        {
            return Refusal(start);
        }
        var accepted = Accepted(start).Value!;
        return TypedResults.Accepted(JobResponse.LocationOf(accepted.DramaId, accepted.JobId), ExecuteResponse.From(accepted));
    }

    /// <param name="force">Show the plan of a generate with force: true.</param>
    /// <param name="priceAs">"configured": price the nodes as the real providers the settings name would (the embedded ones cost 0).</param>
    public static async Task<Results<Ok<PlanView>, ProblemHttpResult>> GetPlanAsync(
        string dramaId, PlanReader plans, CancellationToken cancellationToken, bool force = false, string? priceAs = null)
    {
        if (priceAs is not (null or CostEstimateView.AsConfigured or CostEstimateView.AsProviders))
        {
            return Problems.BadRequest("priceAs must be 'configured' or 'providers'.");
        }
        try
        {
            var plan = await plans.ReadAsync(dramaId, force, cancellationToken, priceAs == CostEstimateView.AsConfigured);
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
        return Answer(await runs.StartAsync(dramaId, scope, body, cancellationToken));
    }

    private static Results<Accepted<JobResponse>, ProblemHttpResult> Answer(RunStart start) =>
        start.Status == RunStartStatus.Accepted ? Accepted(start) : Refusal(start);

    /// <summary>Why a run was not started, as every route that starts runs answers it.</summary>
    internal static ProblemHttpResult Refusal(RunStart start) =>
        start.Status switch
        {
            RunStartStatus.InvalidGraph => InvalidGraph(start.Problems!),
            RunStartStatus.Conflict => RunningConflict(start),
            RunStartStatus.OverBudget => OverBudget(start),
            _ => Problems.NotFound(start.Detail!),
        };

    /// <summary>422 with the run's estimate and what is left of the tightest budget.</summary>
    internal static ProblemHttpResult OverBudget(RunStart start)
    {
        var problem = new ProblemDetails { Status = StatusCodes.Status422UnprocessableEntity, Title = "The run exceeds the budget", Detail = start.Detail };
        problem.Extensions["estimate"] = start.Estimate;
        problem.Extensions["budgetLeftUsd"] = start.BudgetLeft!.Usd;
        problem.Extensions["budgetLimitUsd"] = start.BudgetLeft.LimitUsd;
        problem.Extensions["budget"] = start.BudgetLeft.Limit;
        return TypedResults.Problem(problem);
    }

    internal static Accepted<JobResponse> Accepted(RunStart start)
    {
        var job = start.Job!;
        var location = JobResponse.LocationOf(job.DramaId, job.JobId);
        var message = $"{start.Detail ?? "Generation queued."} Poll GET {location} for progress.";
        return TypedResults.Accepted(location, new JobResponse(job.DramaId, job.JobId, job.Status.ToWire(), message) { Estimate = start.Estimate });
    }

    /// <summary>409 naming the drama's running job (also as "jobId" and in Location), so a client can poll it instead.</summary>
    private static ProblemHttpResult RunningConflict(RunStart start)
    {
        var problem = new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Conflict", Detail = start.Detail };
        problem.Extensions["jobId"] = start.RunningJobId;
        return TypedResults.Problem(problem);
    }

    /// <summary>422 naming every cycle and dangling reference.</summary>
    internal static ProblemHttpResult InvalidGraph(IReadOnlyList<string> problems) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["dependsOn"] = [.. problems] })
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "The drama's generation graph is invalid",
            Detail = string.Join("; ", problems),
        });
}
