using System.Text.Json;
using System.Text.Json.Nodes;
using DramaGen.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DramaGen.Dramas;

/// <summary>
/// The shared write path of every PATCH: merge under the drama's lock, validate the whole result, and
/// store nothing unless it is valid and the client's If-Match still holds.
/// </summary>
internal static class DramaPatching
{
    public static async Task<Results<Ok<T>, ProblemHttpResult>> UpdateAsync<T>(
        string dramaId, HttpRequest request, DramaRepository repository, DramaValidator validator,
        Func<Drama, Drama> apply, Func<Drama, T> select)
    {
        try
        {
            var updated = await repository.UpdateAsync(dramaId, drama =>
            {
                var next = apply(drama);
                var errors = validator.Validate(next);
                return errors.IsValid ? next : throw new InvalidPatchException(errors);
            }, DramaEndpoints.IfMatch(request), request.HttpContext.RequestAborted);
            request.HttpContext.Response.Headers.ETag = updated.ETag;
            return TypedResults.Ok(select(updated.Drama));
        }
        catch (DramaNotFoundException e) { return Problems.NotFound(e.Message); }
        catch (PartNotFoundException e) { return Problems.NotFound(e.Message); }
        catch (DramaPreconditionFailedException e) { return Problems.PreconditionFailed(e.Message); }
        catch (PatchTypeException e) { return Problems.BadRequest(e.Message); }
        catch (InvalidPatchException e) { return Problems.Invalid(e.Problems.Errors.ToDictionary(), total: e.Problems.Total); }
    }

    /// <summary>Applies an RFC 7396 merge patch to <paramref name="value"/>, keeping its id.</summary>
    public static T Merge<T>(T value, JsonObject patch)
    {
        RejectUnknownFields<T>(patch);
        patch = NormaliseTransitionForms<T>(patch);
        var merged = JsonMergePatch.Apply(JsonSerializer.SerializeToNode(value, DramaJson.Options), patch);
        var (result, error) = JsonBody.Convert<T>(merged, DramaJson.Options);
        return error is null && result is not null ? result : throw new PatchTypeException(error ?? "The patch removes the whole resource.");
    }

    /// <summary>A scene's transition written as an object becomes the stored form before it is merged (a clone: the lock may retry).</summary>
    private static JsonObject NormaliseTransitionForms<T>(JsonObject patch)
    {
        var canonical = patch.DeepClone().AsObject();
        var problems = typeof(T) == typeof(Drama) ? SceneTransitionForm.NormaliseDrama(canonical)
            : typeof(T) == typeof(Episode) ? SceneTransitionForm.NormaliseEpisode(canonical)
            : typeof(T) == typeof(Scene) ? SceneTransitionForm.NormaliseScene(canonical)
            : new DramaProblems(new Dictionary<string, string[]>(), 0);
        return problems.IsValid ? canonical : throw new InvalidPatchException(problems);
    }

    /// <summary>
    /// A misspelt field ("descriptin") would otherwise be dropped silently and the PATCH answer 200 as if it
    /// had been applied: every top-level field must be one the resource has.
    /// </summary>
    private static void RejectUnknownFields<T>(JsonObject patch)
    {
        var known = DramaJson.Options.GetTypeInfo(typeof(T)).Properties.Select(property => property.Name)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unknown = patch.Select(field => field.Key).Where(name => !known.Contains(name)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidPatchException(new DramaProblems(
                unknown.ToDictionary(name => name, name => new[] { $"'{name}' is not a field of this resource." }), unknown.Count));
        }
    }
}

internal sealed class PartNotFoundException(string message) : Exception(message);

internal sealed class PatchTypeException(string message) : Exception(message);

internal sealed class InvalidPatchException(DramaProblems problems) : Exception("The patched drama is not valid.")
{
    public DramaProblems Problems { get; } = problems;
}
