using System.Text.Json;
using System.Text.Json.Nodes;
using DramaGen.Http;
using DramaGen.Configuration;
using DramaGen.Storage.Assets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace DramaGen.Dramas;

/// <summary>/dramas: create (from a premise or a whole document), list, read, merge-patch and delete.</summary>
public static class DramaEndpoints
{
    public static IEndpointRouteBuilder MapDramas(this IEndpointRouteBuilder routes)
    {
        var group = MapDramaGroup(routes);
        group.MapGet("/", ListAsync).WithSummary("Dramas, newest first");
        group.MapGet("/{dramaId}", GetAsync).WithSummary("One drama, with its ETag");
        group.MapPatch("/{dramaId}", PatchAsync)
            .WithSummary("JSON merge patch (RFC 7396) of top-level fields; If-Match guards against lost updates")
            .Accepts<JsonObject>("application/merge-patch+json", "application/json");
        group.MapDramaParts();
        return routes;
    }

    /// <summary>The /dramas route group as every feature that adds drama routes maps it (tags, problems, id filter).</summary>
    public static RouteGroupBuilder MapDramaGroup(IEndpointRouteBuilder routes) =>
        routes.MapGroup("/dramas").WithTags("Dramas").ValidateRouteIds()
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(404).ProducesValidationProblem(422);

    /// <summary>The whole-document half of POST /dramas (Authoring maps the route and writes from a premise).</summary>
    public static async Task<Results<Created<Drama>, ProblemHttpResult>> CreateDocumentAsync(
        byte[] json, JsonElement document, HttpRequest request, DramaRepository repository, DramaValidator validator, DramaOwners owners)
    {
        var (drama, typeError) = (default(Drama), default(string));
        if (SceneTransitionForm.NeedsRewrite(document))
        {
            var body = JsonNode.Parse(json)!.AsObject();
            var forms = SceneTransitionForm.NormaliseDrama(body);
            if (!forms.IsValid) return Problems.Invalid(forms.Errors.ToDictionary(), total: forms.Total);
            (drama, typeError) = JsonBody.Convert<Drama>(body, DramaJson.Options);
        }
        else
        {
            // Straight from the bytes: a JsonNode tree of a 10,000-scene drama costs tens of MB the heap keeps (#15).
            (drama, typeError) = JsonBody.Convert<Drama>(json, DramaJson.Options);
        }
        if (typeError is not null) return Problems.Status(400, typeError);
        drama!.Id ??= Ids.NewDramaId();
        var errors = validator.Validate(drama);
        if (!errors.IsValid) return Problems.Invalid(errors.Errors.ToDictionary(), total: errors.Total);
        try
        {
            var created = await repository.CreateAsync(drama, request.HttpContext.RequestAborted);
            await owners.RecordAsync(drama.Id, request.HttpContext.GetCaller(), request.HttpContext.RequestAborted);
            request.HttpContext.Response.Headers.ETag = created.ETag;
            return TypedResults.Created($"/dramas/{drama.Id}", created.Drama);
        }
        catch (DramaExistsException e)
        {
            return Problems.Conflict(e.Message);
        }
    }

    public static async Task<Results<Ok<DramaPage>, ProblemHttpResult>> ListAsync(DramaRepository repository, DramaOwners owners,
        HttpContext context, int? limit, int? offset, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 100) return Problems.BadRequest("limit must be between 1 and 100.");
        if (offset is < 0) return Problems.BadRequest("offset must not be negative.");
        var visible = await owners.VisibleIdsAsync(context.GetCaller(), cancellationToken);
        return TypedResults.Ok(await repository.ListAsync(limit ?? 20, offset ?? 0, visible, cancellationToken));
    }

    public static async Task<Results<Ok<Drama>, ProblemHttpResult>> GetAsync(
        string dramaId, DramaRepository repository, HttpResponse response, CancellationToken cancellationToken)
    {
        var found = await repository.GetAsync(dramaId, cancellationToken);
        if (found is null) return Problems.NotFound($"Drama '{dramaId}' was not found.");
        response.Headers.ETag = found.ETag;
        return TypedResults.Ok(found.Drama);
    }

    public static async Task<Results<Ok<Drama>, ProblemHttpResult>> PatchAsync(
        string dramaId, HttpRequest request, DramaRepository repository, DramaValidator validator, IOptions<LimitsOptions> limits)
    {
        var (patch, status, error) = await JsonBody.ReadAsync(request, limits.Value.MaxRequestBytes);
        if (error is not null) return Problems.Status(status, error);
        if (patch is not JsonObject patchObject) return Problems.BadRequest("A merge patch must be a JSON object.");
        if (patchObject.TryGetPropertyValue("id", out var id) && id?.ToString() != dramaId)
        {
            return Problems.BadRequest("The id of a drama cannot be changed.");
        }
        return await DramaPatching.UpdateAsync(dramaId, request, repository, validator,
            drama => DramaPatching.Merge(drama, patchObject), drama => drama);
    }

    public static string? IfMatch(HttpRequest request) =>
        request.Headers.IfMatch.Count > 0 ? request.Headers.IfMatch.ToString() : null;
}
