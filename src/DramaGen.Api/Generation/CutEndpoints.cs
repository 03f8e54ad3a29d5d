using DramaGen.Configuration;
using DramaGen.Generation.Cuts;
using DramaGen.Generation.Planning;
using DramaGen.Generation.Runs;
using DramaGen.Generation.Scheduling;
using DramaGen.Generation.Timeline;
using DramaGen.Http;
using DramaGen.Providers;
using DramaGen.Pacing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DramaGen.Generation;

/// <summary>An episode's timeline, its cut (a run of cut_{e} and what it lacks) and a partial preview.</summary>
public static class CutEndpoints
{
    public static IEndpointRouteBuilder MapCuts(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/dramas/{dramaId}/episodes/{episodeId}").WithTags("Cuts").ValidateRouteIds()
            .ProducesProblem(400).ProducesProblem(404);
        group.MapGet("/timeline", GetTimelineAsync)
            .WithSummary("The episode's timeline as it stands: title card, scene segments (clip, storyboard or card), lines in time, transitions");
        group.MapPost("/cut", CutAsync).ProducesProblem(409).ProducesProblem(422)
            .WithSummary("Cut the episode into a film (202 + job); ?preview=true renders what exists now instead (200, marked as a preview)");
        return routes;
    }

    public static async Task<Results<Ok<EpisodeTimeline>, ProblemHttpResult>> GetTimelineAsync(
        string dramaId, string episodeId, CutPreviews previews, CancellationToken cancellationToken)
    {
        var timeline = await previews.TimelineAsync(dramaId, episodeId, cancellationToken);
        return timeline is null ? NotFound(dramaId, episodeId) : TypedResults.Ok(timeline);
    }

    public static async Task<Results<Ok<CutPreview>, Accepted<JobResponse>, ProblemHttpResult>> CutAsync(
        string dramaId, string episodeId, HttpRequest request, CutPreviews previews, GenerationRuns runs, CapacityPools pools,
        IOptions<GenerationOptions> options, CancellationToken cancellationToken, bool preview = false)
    {
        if (preview)
        {
            try
            {
                // Previews take their turn with the runs' cuts (CUT_MAX_CONCURRENCY): each is one ffmpeg using every core.
                using var slot = await pools.Cut.AcquireAsync(PreviewOwner, 0, cancellationToken);
                var rendered = await previews.RenderAsync(dramaId, episodeId, cancellationToken);
                return rendered is null ? NotFound(dramaId, episodeId) : TypedResults.Ok(rendered);
            }
            catch (ProviderException e)
            {
                return Problems.Status(StatusCodes.Status422UnprocessableEntity, $"The preview could not be rendered: {e.Message}");
            }
        }
        if (!options.Value.EpisodeCuts)
        {
            return Problems.Conflict("Episode cuts are turned off (EPISODE_CUTS=false); ?preview=true still renders a preview.");
        }
        if (await previews.TimelineAsync(dramaId, episodeId, cancellationToken) is null)
        {
            return NotFound(dramaId, episodeId);
        }
        var (body, error) = await GenerateBody.ReadAsync(request);
        if (error is not null) return error;
        var start = await runs.StartAsync(dramaId, RunScope.Nodes([NodeIds.Cut(episodeId)]), body, cancellationToken);
        return start.Status == RunStartStatus.Accepted ? GenerationEndpoints.Accepted(start) : GenerationEndpoints.Refusal(start);
    }

    /// <summary>All previews are one owner for the pool's fairness: together they get the turn of one run.</summary>
    private static readonly object PreviewOwner = new();

    private static ProblemHttpResult NotFound(string dramaId, string episodeId) =>
        Problems.NotFound($"Drama '{dramaId}' has no episode '{episodeId}'.");
}
