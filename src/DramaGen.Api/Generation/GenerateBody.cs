using System.Text.Json;
using DramaGen.Http;
using DramaGen.Generation.Runs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DramaGen.Generation;

/// <summary>Reads the optional body of a generate route: none means defaults; anything else must be a valid request.</summary>
internal static class GenerateBody
{
    private const int MaxBytes = 64 * 1024;
    // Unknown members are ignored: the seeds' frontend sends extra fields (e.g. "resume").
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<(GenerateRequest Body, ProblemHttpResult? Error)> ReadAsync(HttpRequest http)
    {
        var (node, status, error) = await JsonBody.ReadAsync(http, MaxBytes, allowEmpty: true);
        if (error is not null)
        {
            return (new GenerateRequest(), Problems.Status(status, error));
        }
        if (node is null)
        {
            return (new GenerateRequest(), null);
        }
        if (node is not System.Text.Json.Nodes.JsonObject)
        {
            return (new GenerateRequest(), Problems.BadRequest("The body must be a JSON object such as {\"force\": false}."));
        }
        var (body, typeError) = JsonBody.Convert<GenerateRequest>(node, Json);
        if (typeError is not null || body is null)
        {
            return (new GenerateRequest(), Problems.BadRequest(typeError ?? "The body is not a generate request."));
        }
        var errors = new Dictionary<string, string[]>();
        if (body.UserId is not null && !Ids.IsValid(body.UserId))
        {
            errors["user_id"] = ["ids match ^[A-Za-z0-9_-]{1,64}$"];
        }
        if (body.MaxCostUsd is < 0)
        {
            errors["max_cost_usd"] = ["must not be negative"];
        }
        if (body.ProjectName is not null && !Ids.IsValid(body.ProjectName))
        {
            errors["project_name"] = ["ids match ^[A-Za-z0-9_-]{1,64}$"];
        }
        if (errors.Count == 0 && http.HttpContext.GetCaller() is { IsAdmin: false } caller)
        {
            // An owned key files media only in its own user's space.
            var userId = caller.UserIdFor(body.UserId, fallback: "");
            if (userId is null) return (body, Caller.UnknownUser(body.UserId));
            body.UserId = userId;
        }
        return errors.Count == 0 ? (body, null)
            : (body, TypedResults.Problem(new Microsoft.AspNetCore.Http.HttpValidationProblemDetails(errors)
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Bad Request",
                Detail = "The body has invalid fields.",
            }));
    }
}
