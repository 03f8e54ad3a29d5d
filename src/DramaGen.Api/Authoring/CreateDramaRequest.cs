using System.Text.Json;
using System.Text.Json.Nodes;
using DramaGen.Configuration;
using DramaGen.Providers;

namespace DramaGen.Authoring;

/// <summary>POST /dramas with a premise: the text provider writes the drama.</summary>
/// <param name="Premise">What the drama is about.</param>
/// <param name="Episodes">How many episodes (default 3).</param>
/// <param name="ScenesPerEpisode">How many scenes in each episode (default 3).</param>
/// <param name="Style">Visual style for every image and video, e.g. "moody cinematic, teal and amber".</param>
/// <param name="AspectRatio">Frame shape of every image and video (default DEFAULT_ASPECT_RATIO).</param>
public sealed record CreateDramaRequest(string Premise, int? Episodes, int? ScenesPerEpisode, string? Style, string? AspectRatio)
{
    /// <summary>A whole drama document has a title, characters or an episode array; a premise request has none.</summary>
    public static bool IsWholeDocument(JsonElement body) =>
        body.TryGetProperty("title", out _) || body.TryGetProperty("characters", out _)
        || (body.TryGetProperty("episodes", out var episodes) && episodes.ValueKind == JsonValueKind.Array);

    public static (DramaBrief? Brief, Dictionary<string, string[]>? Problems) ToBrief(JsonObject body, LimitsOptions limits, string defaultAspectRatio)
    {
        var problems = new Dictionary<string, string[]>();
        string? Text(string name)
        {
            var node = body[name];
            if (node is null) return null;
            if (node.GetValueKind() == JsonValueKind.String) return node.GetValue<string>();
            problems[name] = ["must be a string"];
            return null;
        }
        int Count(string name, int fallback, int max)
        {
            var node = body[name];
            if (node is null) return fallback;
            if (node.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue<int>(out var value) && value >= 1 && value <= max) return value;
            problems[name] = [$"must be a whole number from 1 to {max}"];
            return fallback;
        }
        var premise = Text("premise")?.Trim();
        if (string.IsNullOrEmpty(premise) && !problems.ContainsKey("premise")) problems["premise"] = ["is required and must not be empty"];
        else if (premise?.Length > limits.MaxPremiseLength) problems["premise"] = [$"must be at most {limits.MaxPremiseLength} characters (is {premise.Length})"];
        var episodes = Count("episodes", 3, Math.Min(limits.MaxEpisodes, 20));
        var scenes = Count("scenesPerEpisode", 3, Math.Min(limits.MaxScenesPerEpisode, 20));
        var style = Text("style");
        if (style?.Length > limits.MaxTextLength) problems["style"] = [$"must be at most {limits.MaxTextLength} characters"];
        var aspectRatio = Text("aspectRatio") ?? defaultAspectRatio;
        if (!System.Text.RegularExpressions.Regex.IsMatch(aspectRatio, AspectRatios.Pattern)) problems["aspectRatio"] = ["must be one of 1:1, 2:3, 3:2, 3:4, 4:3, 4:5, 5:4, 9:16, 16:9, 21:9"];
        foreach (var (name, _) in body)
        {
            if (name is not ("premise" or "episodes" or "scenesPerEpisode" or "style" or "aspectRatio"))
                problems[name] = ["is not a field of a premise request (a whole drama needs title, characters and episodes)"];
        }
        return problems.Count > 0 ? (null, problems) : (new DramaBrief(premise!, episodes, scenes, style, aspectRatio), null);
    }
}

/// <summary>POST /dramas/{dramaId}/improve.</summary>
/// <param name="Feedback">What to change, in plain words.</param>
public sealed record ImproveDramaRequest(string Feedback);
