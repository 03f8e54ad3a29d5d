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

    public DramaProblems Validate(Drama drama)
    {
        var errors = new ValidationErrors();
        var max = limits.Value;
        if (drama.Id is not null && !Ids.IsValid(drama.Id)) errors.Add("id", "must match ^[A-Za-z0-9_-]{1,64}$");
        errors.CheckText("title", drama.Title, max.MaxTextLength);
        errors.CheckText("premise", drama.Premise, max.MaxPremiseLength);
        errors.CheckText("synopsis", drama.Synopsis, max.MaxTextLength);
        errors.CheckText("style", drama.Style, max.MaxTextLength);
        if (!AspectRatio().IsMatch(drama.AspectRatio ?? "")) errors.Add("aspectRatio", "must be one of 1:1, 2:3, 3:2, 3:4, 4:3, 4:5, 5:4, 9:16, 16:9, 21:9");
        // A list over its limit is reported once and not walked: its items' problems would only repeat the point.
        var characters = errors.CheckCount("characters", drama.Characters, max.MaxCharacters) ? drama.Characters! : [];
        var episodes = errors.CheckCount("episodes", drama.Episodes, max.MaxEpisodes) ? drama.Episodes! : [];
        if (drama.NarratorVoice is not null) errors.CheckText("narratorVoice", drama.NarratorVoice, 64);
        CheckTransition(errors, "transition", drama.Transition);

        var characterIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < characters.Count; i++)
        {
            var character = characters[i];
            var path = $"characters[{i}]";
            if (character is null) { errors.Add(path, "must not be null"); continue; }
            errors.CheckId(path, character.Id, characterIds);
            errors.CheckText($"{path}.name", character.Name, max.MaxTextLength);
            errors.CheckText($"{path}.description", character.Description, max.MaxTextLength);
            if (!MediaUrls.IsAllowed(character.ImageUrl)) errors.Add($"{path}.imageUrl", MediaUrls.Rule);
            foreach (var (view, url) in character.Views ?? [])
            {
                if (!MediaUrls.IsAllowed(url)) errors.Add($"{path}.views.{view}", MediaUrls.Rule);
            }
            if (character.Voice is not null) errors.CheckText($"{path}.voice", character.Voice, 64);
            ValidateAssets(errors, path, character.Assets, max);
        }
        var episodeIds = new HashSet<string>(StringComparer.Ordinal);
        for (var e = 0; e < episodes.Count; e++)
        {
            var episode = episodes[e];
            var path = $"episodes[{e}]";
            if (episode is null) { errors.Add(path, "must not be null"); continue; }
            errors.CheckId(path, episode.Id, episodeIds);
            errors.CheckText($"{path}.title", episode.Title, max.MaxTextLength);
            errors.CheckText($"{path}.synopsis", episode.Synopsis, max.MaxTextLength);
            var scenes = errors.CheckCount($"{path}.scenes", episode.Scenes, max.MaxScenesPerEpisode) ? episode.Scenes! : [];
            if (!MediaUrls.IsAllowed(episode.SubtitlesUrl)) errors.Add($"{path}.subtitlesUrl", MediaUrls.Rule);
            var sceneIds = new HashSet<string>(StringComparer.Ordinal);
            for (var s = 0; s < scenes.Count; s++)
            {
                var scene = scenes[s];
                var scenePath = $"{path}.scenes[{s}]";
                if (scene is null) { errors.Add(scenePath, "must not be null"); continue; }
                errors.CheckId(scenePath, scene.Id, sceneIds);
                errors.CheckText($"{scenePath}.title", scene.Title, max.MaxTextLength);
                errors.CheckText($"{scenePath}.description", scene.Description, max.MaxTextLength);
                errors.CheckText($"{scenePath}.location", scene.Location, max.MaxTextLength);
                if (!MediaUrls.IsAllowed(scene.ImageUrl)) errors.Add($"{scenePath}.imageUrl", MediaUrls.Rule);
                if (!MediaUrls.IsAllowed(scene.SubtitlesUrl)) errors.Add($"{scenePath}.subtitlesUrl", MediaUrls.Rule);
                var sceneCharacters = errors.CheckCount($"{scenePath}.characters", scene.Characters ?? [], max.MaxCharacters) ? scene.Characters ?? [] : [];
                foreach (var characterId in sceneCharacters)
                {
                    if (!characterIds.Contains(characterId ?? "")) errors.Add($"{scenePath}.characters", $"'{characterId}' is not a character of this drama");
                }
                CheckTransition(errors, $"{scenePath}.transition", scene.Transition);
                if (scene.DurationSeconds is <= 0 or > 600) errors.Add($"{scenePath}.durationSeconds", "must be more than 0 and at most 600");
                ValidateAssets(errors, scenePath, scene.Assets, max);
                ValidateKeyframes(errors, scenePath, scene, max);
                ValidateLines(errors, scenePath, scene, max);
            }
        }
        if (errors.Total == 0)
        {
            // References and cycles only make sense once every id is known to be well-formed and unique; the
            // generation planner decides them, so a drama stored here is one it can plan.
            foreach (var message in dependencies.FindProblems(drama))
            {
                errors.Add("dependsOn", message);
            }
        }
        return new DramaProblems(errors.ToDictionary(), errors.Total);
    }

    private static void CheckTransition(ValidationErrors errors, string path, string? transition)
    {
        if (transition is not null && !Transitions.IsKnown(transition)) errors.Add(path, "must be one of " + string.Join(", ", Transitions.All));
    }

    private static void ValidateAssets(ValidationErrors errors, string ownerPath, List<DramaAsset>? assets, LimitsOptions max)
    {
        if (!errors.CheckCount($"{ownerPath}.assets", assets, max.MaxAssetsPerOwner)) return;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var a = 0; a < assets!.Count; a++)
        {
            var asset = assets[a];
            var path = $"{ownerPath}.assets[{a}]";
            if (asset is null) { errors.Add(path, "must not be null"); continue; }
            errors.CheckId(path, asset.Id, ids);
            if (!AssetTypes.All.Contains(asset.Type ?? "")) errors.Add($"{path}.type", "must be image, video, audio or text");
            if (!AssetStatuses.All.Contains(asset.Status ?? "")) errors.Add($"{path}.status", "must be pending, running, completed, failed or skipped");
            errors.CheckText($"{path}.tag", asset.Tag, 64);
            errors.CheckText($"{path}.prompt", asset.Prompt, max.MaxTextLength);
            if (asset.DurationSeconds is < 1 or > 60) errors.Add($"{path}.durationSeconds", "must be between 1 and 60");
            if (asset.DependsOn is null) errors.Add($"{path}.dependsOn", "must be an array");
            if (!MediaUrls.IsAllowed(asset.Url)) errors.Add($"{path}.url", MediaUrls.Rule);
            // An audio asset is speech of its prompt; one with nothing to say could never produce a file.
            if (asset.Type == AssetTypes.Audio && string.IsNullOrWhiteSpace(asset.Prompt)) errors.Add($"{path}.prompt", "an audio asset is speech of its prompt and must have text");
            if (asset.Mode is not null && !ClipModes.All.Contains(asset.Mode)) errors.Add($"{path}.mode", "must be text, first_frame, first_last or reference");
            if (asset.ModeUsed is not null && !ClipModes.All.Contains(asset.ModeUsed)) errors.Add($"{path}.modeUsed", "must be text, first_frame, first_last or reference");
            if (asset.ModeNote is not null) errors.CheckText($"{path}.modeNote", asset.ModeNote, max.MaxTextLength);
        }
    }

    private static void ValidateKeyframes(ValidationErrors errors, string scenePath, Scene scene, LimitsOptions max)
    {
        if (scene.StartFrom is not null && scene.StartFrom != SceneStarts.PreviousEnd) errors.Add($"{scenePath}.startFrom", "must be previous_end or absent");
        if (scene.EndFrame is { } end)
        {
            errors.CheckText($"{scenePath}.endFrame.prompt", end.Prompt, max.MaxTextLength);
            if (end.DependsOn is null) errors.Add($"{scenePath}.endFrame.dependsOn", "must be an array");
            if (!MediaUrls.IsAllowed(end.ImageUrl)) errors.Add($"{scenePath}.endFrame.imageUrl", MediaUrls.Rule);
        }
        if (scene.TransitionFrame is { } transition)
        {
            errors.CheckText($"{scenePath}.transitionFrame.prompt", transition.Prompt, max.MaxTextLength);
            if (!MediaUrls.IsAllowed(transition.ImageUrl)) errors.Add($"{scenePath}.transitionFrame.imageUrl", MediaUrls.Rule);
        }
    }

    private static void ValidateLines(ValidationErrors errors, string scenePath, Scene scene, LimitsOptions max)
    {
        var lines = errors.CheckCount($"{scenePath}.lines", scene.Lines, max.MaxLinesPerScene) ? scene.Lines! : [];
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var speakers = new HashSet<string>(scene.Characters?.Where(c => c is not null) ?? [], StringComparer.Ordinal) { Speakers.Narrator };
        for (var l = 0; l < lines.Count; l++)
        {
            var line = lines[l];
            var path = $"{scenePath}.lines[{l}]";
            if (line is null) { errors.Add(path, "must not be null"); continue; }
            errors.CheckId(path, line.Id, ids);
            if (!speakers.Contains(line.Speaker ?? "")) errors.Add($"{path}.speaker", $"'{line.Speaker}' is neither a character of this scene nor \"narrator\"");
            errors.CheckText($"{path}.text", line.Text, max.MaxLineLength);
            if (line.Text is not null && string.IsNullOrWhiteSpace(line.Text)) errors.Add($"{path}.text", "must not be blank");
            if (line.Direction is not null) errors.CheckText($"{path}.direction", line.Direction, max.MaxLineLength);
            if (!MediaUrls.IsAllowed(line.AudioUrl)) errors.Add($"{path}.audioUrl", MediaUrls.Rule);
            if (line.DurationSeconds is < 0) errors.Add($"{path}.durationSeconds", "must not be negative");
        }
    }
}
