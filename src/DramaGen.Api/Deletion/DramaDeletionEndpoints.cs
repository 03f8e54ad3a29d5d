using DramaGen.Dramas;
using DramaGen.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DramaGen.Deletion;

/// <summary>
/// DELETE /dramas/{dramaId}. Deletion sees dramas, generation, jobs and media at once, so it lives above
/// all of them rather than inside Dramas.
/// </summary>
public static class DramaDeletionEndpoints
{
    public static IServiceCollection AddDramaDeletion(this IServiceCollection services) => services.AddSingleton<DramaDeletion>();

    public static IEndpointRouteBuilder MapDramaDeletion(this IEndpointRouteBuilder routes)
    {
        DramaEndpoints.MapDramaGroup(routes).MapDelete("/{dramaId}", DeleteAsync).WithSummary("Delete the drama, its jobs and its generated assets");
        return routes;
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string dramaId, HttpRequest request, DramaDeletion deletion, CancellationToken cancellationToken)
    {
        try
        {
            return await deletion.DeleteAsync(dramaId, DramaEndpoints.IfMatch(request), cancellationToken)
                ? TypedResults.NoContent()
                : Problems.NotFound($"Drama '{dramaId}' was not found.");
        }
        catch (DramaPreconditionFailedException e)
        {
            return Problems.PreconditionFailed(e.Message);
        }
    }
}
