using System.Text.Json.Nodes;
using DramaGen.Http;
using DramaGen.Configuration;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace DramaGen.Dramas;

/// <summary>GET and PATCH of a drama's characters, episodes, scenes and scene assets.</summary>
public static class DramaPartEndpoints
{
    public static RouteGroupBuilder MapDramaParts(this RouteGroupBuilder dramas)
    {
        dramas.MapGet("/{dramaId}/characters", (string dramaId, DramaRepository repository, CancellationToken ct) =>
            ReadAsync([dramaId], repository, d => d.Characters, ct)).WithSummary("The drama's characters");
        dramas.MapGet("/{dramaId}/characters/{characterId}", (string dramaId, string characterId, DramaRepository repository, CancellationToken ct) =>
            ReadAsync([dramaId, characterId], repository, d => Find(d.Characters, characterId, c => c.Id, "Character"), ct)).WithSummary("One character");
        dramas.MapPatch("/{dramaId}/characters/{characterId}", (string dramaId, string characterId, HttpRequest request, DramaRepository repository,
            DramaValidator validator, IOptions<LimitsOptions> limits) =>
            PatchAsync([dramaId, characterId], request, repository, validator, limits, d => d.Characters, characterId, c => c.Id, "Character"))
            .WithSummary("Merge patch of one character").Accepts<JsonObject>("application/merge-patch+json", "application/json");

        dramas.MapGet("/{dramaId}/episodes", (string dramaId, DramaRepository repository, CancellationToken ct) =>
            ReadAsync([dramaId], repository, d => d.Episodes, ct)).WithSummary("The drama's episodes");
        dramas.MapGet("/{dramaId}/episodes/{episodeId}", (string dramaId, string episodeId, DramaRepository repository, CancellationToken ct) =>
            ReadAsync([dramaId, episodeId], repository, d => EpisodeOf(d, episodeId), ct)).WithSummary("One episode");
        dramas.MapPatch("/{dramaId}/episodes/{episodeId}", (string dramaId, string episodeId, HttpRequest request, DramaRepository repository,
            DramaValidator validator, IOptions<LimitsOptions> limits) =>
            PatchAsync([dramaId, episodeId], request, repository, validator, limits, d => d.Episodes, episodeId, e => e.Id, "Episode"))
            .WithSummary("Merge patch of one episode").Accepts<JsonObject>("application/merge-patch+json", "application/json");

        var scenes = "/{dramaId}/episodes/{episodeId}/scenes";
        dramas.MapGet(scenes, (string dramaId, string episodeId, DramaRepository repository, CancellationToken ct) =>
            ReadAsync([dramaId, episodeId], repository, d => EpisodeOf(d, episodeId).Scenes, ct)).WithSummary("An episode's scenes");
        dramas.MapGet(scenes + "/{sceneId}", (string dramaId, string episodeId, string sceneId, DramaRepository repository, CancellationToken ct) =>
            ReadAsync([dramaId, episodeId, sceneId], repository, d => SceneOf(d, episodeId, sceneId), ct)).WithSummary("One scene");
        dramas.MapPatch(scenes + "/{sceneId}", (string dramaId, string episodeId, string sceneId, HttpRequest request, DramaRepository repository,
            DramaValidator validator, IOptions<LimitsOptions> limits) =>
            PatchAsync([dramaId, episodeId, sceneId], request, repository, validator, limits, d => EpisodeOf(d, episodeId).Scenes, sceneId, s => s.Id, "Scene"))
            .WithSummary("Merge patch of one scene").Accepts<JsonObject>("application/merge-patch+json", "application/json");

        var assets = scenes + "/{sceneId}/assets";
        dramas.MapGet(assets, (string dramaId, string episodeId, string sceneId, DramaRepository repository, CancellationToken ct) =>
            ReadAsync([dramaId, episodeId, sceneId], repository, d => SceneOf(d, episodeId, sceneId).Assets, ct)).WithSummary("A scene's assets");
        dramas.MapGet(assets + "/{assetId}", (string dramaId, string episodeId, string sceneId, string assetId, DramaRepository repository, CancellationToken ct) =>
            ReadAsync([dramaId, episodeId, sceneId, assetId], repository,
                d => Find(SceneOf(d, episodeId, sceneId).Assets, assetId, a => a.Id, "Asset"), ct)).WithSummary("One scene asset");
        dramas.MapPatch(assets + "/{assetId}", (string dramaId, string episodeId, string sceneId, string assetId, HttpRequest request,
            DramaRepository repository, DramaValidator validator, IOptions<LimitsOptions> limits) =>
            PatchAsync([dramaId, episodeId, sceneId, assetId], request, repository, validator, limits,
                d => SceneOf(d, episodeId, sceneId).Assets, assetId, a => a.Id, "Asset"))
            .WithSummary("Merge patch of one scene asset").Accepts<JsonObject>("application/merge-patch+json", "application/json");

        var lines = scenes + "/{sceneId}/lines";
        dramas.MapGet(lines, (string dramaId, string episodeId, string sceneId, DramaRepository repository, CancellationToken ct) =>
            ReadAsync([dramaId, episodeId, sceneId], repository, d => SceneOf(d, episodeId, sceneId).Lines, ct)).WithSummary("A scene's lines");
        dramas.MapGet(lines + "/{lineId}", (string dramaId, string episodeId, string sceneId, string lineId, DramaRepository repository, CancellationToken ct) =>
            ReadAsync([dramaId, episodeId, sceneId, lineId], repository,
                d => Find(SceneOf(d, episodeId, sceneId).Lines, lineId, l => l.Id, "Line"), ct)).WithSummary("One line");
        dramas.MapPatch(lines + "/{lineId}", (string dramaId, string episodeId, string sceneId, string lineId, HttpRequest request,
            DramaRepository repository, DramaValidator validator, IOptions<LimitsOptions> limits) =>
            PatchAsync([dramaId, episodeId, sceneId, lineId], request, repository, validator, limits,
                d => SceneOf(d, episodeId, sceneId).Lines, lineId, l => l.Id, "Line"))
            .WithSummary("Merge patch of one line").Accepts<JsonObject>("application/merge-patch+json", "application/json");
        return dramas;
    }

    public static Episode EpisodeOf(Drama drama, string episodeId) => Find(drama.Episodes, episodeId, e => e.Id, "Episode");

    public static Scene SceneOf(Drama drama, string episodeId, string sceneId) =>
        Find(EpisodeOf(drama, episodeId).Scenes, sceneId, s => s.Id, "Scene");

    private static T Find<T>(List<T> items, string id, Func<T, string> idOf, string what) =>
        items.FirstOrDefault(item => idOf(item) == id) ?? throw new PartNotFoundException($"{what} '{id}' was not found.");

    private static async Task<Results<Ok<T>, ProblemHttpResult>> ReadAsync<T>(
        string[] ids, DramaRepository repository, Func<Drama, T> select, CancellationToken cancellationToken)
    {
        var found = await repository.GetAsync(ids[0], cancellationToken);
        if (found is null) return Problems.NotFound($"Drama '{ids[0]}' was not found.");
        try
        {
            return TypedResults.Ok(select(found.Drama));
        }
        catch (PartNotFoundException e)
        {
            return Problems.NotFound(e.Message);
        }
    }

    private static async Task<Results<Ok<T>, ProblemHttpResult>> PatchAsync<T>(
        string[] ids, HttpRequest request, DramaRepository repository, DramaValidator validator, IOptions<LimitsOptions> limits,
        Func<Drama, List<T>> container, string partId, Func<T, string> idOf, string what)
    {
        var (patch, status, error) = await JsonBody.ReadAsync(request, limits.Value.MaxRequestBytes);
        if (error is not null) return Problems.Status(status, error);
        if (patch is not JsonObject patchObject) return Problems.BadRequest("A merge patch must be a JSON object.");
        if (patchObject.TryGetPropertyValue("id", out var id) && id?.ToString() != partId)
        {
            return Problems.BadRequest($"The id of a {what.ToLowerInvariant()} cannot be changed.");
        }
        return await DramaPatching.UpdateAsync(ids[0], request, repository, validator, drama =>
        {
            var items = container(drama);
            var index = items.FindIndex(item => idOf(item) == partId);
            if (index < 0) throw new PartNotFoundException($"{what} '{partId}' was not found.");
            items[index] = DramaPatching.Merge(items[index], patchObject);
            return drama;
        }, drama => Find(container(drama), partId, idOf, what));
    }
}
