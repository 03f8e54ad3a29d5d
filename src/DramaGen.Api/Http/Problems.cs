using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace DramaGen.Http;

/// <summary>
/// The problem details this API answers with (application/problem+json), so every handler words them the same way.
/// </summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string detail) => Status(404, detail);

    public static ProblemHttpResult BadRequest(string detail) => Status(400, detail);

    public static ProblemHttpResult InvalidId(string name, string? value) =>
        BadRequest($"{name} '{value}' is not valid: ids match ^[A-Za-z0-9_-]{{1,64}}$.");

    public static ProblemHttpResult Conflict(string detail) => Status(409, detail);

    /// <summary>Any other status, e.g. the 400/413/415 of <see cref="JsonBody"/>.</summary>
    public static ProblemHttpResult Status(int status, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: ReasonPhrases.GetReasonPhrase(status));

    public static ProblemHttpResult PreconditionFailed(string detail) =>
        TypedResults.Problem(detail, statusCode: 412, title: "Precondition failed");

    /// <summary>
    /// 422: well-formed JSON whose content breaks the drama's rules; the problems listed by JSON path, and
    /// "errorCount" saying how many there were when only the first were listed.
    /// </summary>
    public static ProblemHttpResult Invalid(IDictionary<string, string[]> errors, string title = "Invalid drama", int? total = null)
    {
        var listed = errors.Values.Sum(messages => messages.Length);
        var problem = new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = title,
            Detail = total > listed
                ? $"The first {listed} of {total} problems are listed in errors, by JSON path."
                : "Every problem is listed in errors, by JSON path.",
        };
        problem.Extensions["errorCount"] = total ?? listed;
        return TypedResults.Problem(problem);
    }
}
