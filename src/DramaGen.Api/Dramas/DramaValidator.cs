using System.Text.RegularExpressions;
using DramaGen.Http;
using DramaGen.Configuration;
using Microsoft.Extensions.Options;

namespace DramaGen.Dramas;

/// <summary>
/// Checks a whole drama and reports every problem at once, keyed by JSON path, so a client can fix a
/// document in one round trip.
/// </summary>
public sealed partial class DramaValidator(IOptions<LimitsOptions> limits, IDependencyRules dependencies)
{
    [GeneratedRegex(AspectRatios.Pattern)]
    private static partial Regex AspectRatio();

    public IReadOnlyDictionary<string, string[]> Validate(Drama drama)
    {
        var errors = new ValidationErrors();
        var max = limits.Value;
        if (drama.Id is not null && !Ids.IsValid(drama.Id)) errors.Add("id", "must match ^[A-Za-z0-9_-]{1,64}$");
        errors.CheckText("title", drama.Title, max.MaxTextLength);
        errors.CheckText("premise", drama.Premise, max.MaxPremiseLength);
        errors.CheckText("synopsis", drama.Synopsis, max.MaxTextLength);
        errors.CheckText("style", drama.Style, max.MaxTextLength);
        if (!AspectRatio().IsMatch(drama.AspectRatio ?? "")) errors.Add("aspectRatio", "must be one of 1:1, 2:3, 3:2, 3:4, 4:3, 4:5, 5:4, 9:16, 16:9, 21:9");
        CheckTransition(errors, "transition", drama.Transition);
        errors.CheckCount("characters", drama.Characters, max.MaxCharacters);
        errors.CheckCount("episodes", drama.Episodes, max.MaxEpisodes);

        var characterIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (drama.Characters?.Count ?? 0); i++)
        {
            var character = drama.Characters![i];
            var path = $"characters[{i}]";
            if (character is null) { errors.Add(path, "must not be null"); continue; }
            errors.CheckId(path, character.Id, characterIds);
            errors.CheckText($"{path}.name", character.Name, max.MaxTextLength);
            errors.CheckText($"{path}.description", character.Description, max.MaxTextLength);
            ValidateAssets(errors, path, character.Assets, max);
        }
        var episodeIds = new HashSet<string>(StringComparer.Ordinal);
        for (var e = 0; e < (drama.Episodes?.Count ?? 0); e++)
        {
            var episode = drama.Episodes![e];
            var path = $"episodes[{e}]";
            if (episode is null) { errors.Add(path, "must not be null"); continue; }
            errors.CheckId(path, episode.Id, episodeIds);
            errors.CheckText($"{path}.title", episode.Title, max.MaxTextLength);
            errors.CheckText($"{path}.synopsis", episode.Synopsis, max.MaxTextLength);
            errors.CheckCount($"{path}.scenes", episode.Scenes, max.MaxScenesPerEpisode);
            var sceneIds = new HashSet<string>(StringComparer.Ordinal);
            for (var s = 0; s < (episode.Scenes?.Count ?? 0); s++)
            {
                var scene = episode.Scenes![s];
                var scenePath = $"{path}.scenes[{s}]";
                if (scene is null) { errors.Add(scenePath, "must not be null"); continue; }
                errors.CheckId(scenePath, scene.Id, sceneIds);
                errors.CheckText($"{scenePath}.title", scene.Title, max.MaxTextLength);
                errors.CheckText($"{scenePath}.description", scene.Description, max.MaxTextLength);
                errors.CheckText($"{scenePath}.location", scene.Location, max.MaxTextLength);
                foreach (var characterId in scene.Characters ?? [])
                {
                    if (!characterIds.Contains(characterId ?? "")) errors.Add($"{scenePath}.characters", $"'{characterId}' is not a character of this drama");
                }
                CheckTransition(errors, $"{scenePath}.transition", scene.Transition);
                if (scene.DurationSeconds is <= 0 or > 600) errors.Add($"{scenePath}.durationSeconds", "must be more than 0 and at most 600");
                ValidateAssets(errors, scenePath, scene.Assets, max);
            }
        }
        if (errors.Count == 0)
        {
            // References and cycles only make sense once every id is known to be well-formed and unique; the
            // generation planner decides them, so a drama stored here is one it can plan.
            foreach (var message in dependencies.FindProblems(drama))
            {
                errors.Add("dependsOn", message);
            }
        }
        return errors.ToDictionary();
    }

    private static void CheckTransition(ValidationErrors errors, string path, string? transition)
    {
        if (transition is not null && !Transitions.IsKnown(transition)) errors.Add(path, "must be one of " + string.Join(", ", Transitions.All));
    }

    private static void ValidateAssets(ValidationErrors errors, string ownerPath, List<DramaAsset>? assets, LimitsOptions max)
    {
        errors.CheckCount($"{ownerPath}.assets", assets, max.MaxAssetsPerOwner);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var a = 0; a < (assets?.Count ?? 0); a++)
        {
            var asset = assets![a];
            var path = $"{ownerPath}.assets[{a}]";
            if (asset is null) { errors.Add(path, "must not be null"); continue; }
            errors.CheckId(path, asset.Id, ids);
            if (!AssetTypes.All.Contains(asset.Type ?? "")) errors.Add($"{path}.type", "must be image, video, audio or text");
            if (!AssetStatuses.All.Contains(asset.Status ?? "")) errors.Add($"{path}.status", "must be pending, running, completed, failed or skipped");
            errors.CheckText($"{path}.tag", asset.Tag, 64);
            errors.CheckText($"{path}.prompt", asset.Prompt, max.MaxTextLength);
            if (asset.DurationSeconds is < 1 or > 60) errors.Add($"{path}.durationSeconds", "must be between 1 and 60");
            if (asset.DependsOn is null) errors.Add($"{path}.dependsOn", "must be an array");
        }
    }
}
