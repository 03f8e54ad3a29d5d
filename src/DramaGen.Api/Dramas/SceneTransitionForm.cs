using System.Text.Json;
using System.Text.Json.Nodes;

namespace DramaGen.Dramas;

/// <summary>
/// A scene's <c>transition</c> may be written as the cut's effect ("fade") or, as issue #14 asks, as an object
/// <c>{"effect"?, "frame": true|false, "prompt"?}</c> that also asks for (or drops) the transition frame. The object is
/// rewritten, before the JSON is read, into the one stored form: <c>transition</c> the effect and <c>transitionFrame</c>
/// the frame request, so everything after the request (validator, planner, writeback) sees only that form.
/// </summary>
internal static class SceneTransitionForm
{
    private static readonly string Rule =
        $"must be an effect ({string.Join(", ", Transitions.All)}) or an object {{\"effect\"?, \"frame\": true|false, \"prompt\"?}}";
    private static readonly HashSet<string> Fields = ["effect", "frame", "prompt"];

    /// <summary>Rewrites every scene of a drama document (its <c>episodes[*].scenes[*]</c>); problems by JSON path.</summary>
    public static DramaProblems NormaliseDrama(JsonObject drama) => Normalise(errors => Episodes(drama, "", errors));

    /// <summary>
    /// Whether a drama document has a scene whose transition is neither an effect nor null (the object form, or a
    /// mistake <see cref="NormaliseDrama"/> reports): only such a document needs the rewrite of its JSON tree.
    /// </summary>
    public static bool NeedsRewrite(JsonElement drama) =>
        drama.TryGetProperty("episodes", out var episodes) && episodes.ValueKind == JsonValueKind.Array
        && episodes.EnumerateArray().Any(episode =>
            episode.ValueKind == JsonValueKind.Object && episode.TryGetProperty("scenes", out var scenes)
            && scenes.ValueKind == JsonValueKind.Array
            && scenes.EnumerateArray().Any(scene =>
                scene.ValueKind == JsonValueKind.Object && scene.TryGetProperty("transition", out var transition)
                && transition.ValueKind is not (JsonValueKind.String or JsonValueKind.Null)));

    /// <summary>Rewrites every scene of an episode (a merge patch of one episode).</summary>
    public static DramaProblems NormaliseEpisode(JsonObject episode) => Normalise(errors => Scenes(episode, "", errors));

    /// <summary>Rewrites one scene (a merge patch of one scene).</summary>
    public static DramaProblems NormaliseScene(JsonObject scene) => Normalise(errors => Scene(scene, "", errors));

    private static DramaProblems Normalise(Action<ValidationErrors> walk)
    {
        var errors = new ValidationErrors();
        walk(errors);
        return new DramaProblems(errors.ToDictionary(), errors.Total);
    }

    private static void Episodes(JsonObject drama, string prefix, ValidationErrors errors)
    {
        if (drama["episodes"] is not JsonArray episodes) return;
        for (var e = 0; e < episodes.Count; e++)
        {
            if (episodes[e] is JsonObject episode) Scenes(episode, $"{prefix}episodes[{e}].", errors);
        }
    }

    private static void Scenes(JsonObject episode, string prefix, ValidationErrors errors)
    {
        if (episode["scenes"] is not JsonArray scenes) return;
        for (var s = 0; s < scenes.Count; s++)
        {
            if (scenes[s] is JsonObject scene) Scene(scene, $"{prefix}scenes[{s}].", errors);
        }
    }

    // Anything malformed is reported and the field left as it was: the caller answers 422 without reading further.
    private static void Scene(JsonObject scene, string prefix, ValidationErrors errors)
    {
        var path = prefix + "transition";
        var transition = scene["transition"];
        if (transition is null || transition.GetValueKind() == JsonValueKind.String) return;
        if (transition is not JsonObject form)
        {
            errors.Add(path, Rule);
            return;
        }
        var before = errors.Total;
        foreach (var unknown in form.Select(field => field.Key).Where(name => !Fields.Contains(name)))
        {
            errors.Add($"{path}.{unknown}", $"'{unknown}' is not a field of the transition form; " + Rule);
        }
        var effect = form["effect"];
        if (effect is not null && (effect.GetValueKind() != JsonValueKind.String || !Transitions.IsKnown(effect.GetValue<string>())))
        {
            errors.Add($"{path}.effect", "must be one of " + string.Join(", ", Transitions.All));
        }
        var frame = form["frame"]?.GetValueKind();
        if (frame is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add($"{path}.frame", "must be true or false (whether the scene asks for a transition frame)");
        }
        var prompt = form["prompt"];
        if (prompt is not null && prompt.GetValueKind() != JsonValueKind.String) errors.Add($"{path}.prompt", "must be a string");
        else if (prompt is not null && frame == JsonValueKind.False) errors.Add($"{path}.prompt", "a prompt needs \"frame\": true");
        if (scene.ContainsKey("transitionFrame"))
        {
            errors.Add(path, "asks for the transition frame and so does transitionFrame: use one of them");
        }
        if (errors.Total > before) return;

        // An object without an effect leaves the effect alone: absent in a new document (the drama's applies), unchanged in a patch.
        scene.Remove("transition");
        if (effect is not null) scene["transition"] = effect.GetValue<string>();
        scene["transitionFrame"] = frame == JsonValueKind.True
            ? (prompt is null ? new JsonObject() : new JsonObject { ["prompt"] = prompt.GetValue<string>() })
            : null;
    }
}
