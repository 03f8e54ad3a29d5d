using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DramaGen.Generation;

/// <summary>RFC 9457 problem details for the generation routes.</summary>
internal static class GenerationProblems
{
    public static BadRequest<ProblemDetails> BadRequest(string detail, IDictionary<string, string[]>? errors = null)
    {
        var problem = new ProblemDetails { Title = "The request is invalid", Status = StatusCodes.Status400BadRequest, Detail = detail };
        if (errors is not null)
        {
            problem.Extensions["errors"] = errors;
        }
        return TypedResults.BadRequest(problem);
    }

    public static NotFound<ProblemDetails> NotFound(string detail) =>
        TypedResults.NotFound(new ProblemDetails { Title = "Not found", Status = StatusCodes.Status404NotFound, Detail = detail });

    public static UnprocessableEntity<ProblemDetails> InvalidGraph(IReadOnlyList<string> problems) =>
        TypedResults.UnprocessableEntity(new ProblemDetails
        {
            Title = "The drama's generation graph is invalid",
            Status = StatusCodes.Status422UnprocessableEntity,
            Detail = string.Join("; ", problems),
            Extensions = { ["errors"] = new Dictionary<string, string[]> { ["dependsOn"] = [.. problems] } },
        });
}
