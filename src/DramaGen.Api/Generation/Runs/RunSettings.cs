using System.Text.Json.Nodes;
using DramaGen.Generation.Planning;

namespace DramaGen.Generation.Runs;

/// <summary>What a run was asked to do; stored in its parent job's metadata so a restarted service can redo it.</summary>
/// <param name="ReferenceKeys">Store keys of extra reference images the client named for the scope's asset (generate body's reference_images).</param>
public sealed record RunSettings(RunScope Scope, bool Force, string UserId, string ProjectName, string Mode, string? ResumeOf = null,
    IReadOnlyList<string>? ReferenceKeys = null, decimal? MaxCostUsd = null)
{
    public JsonObject ToMetadata()
    {
        var metadata = new JsonObject
        {
            ["mode"] = Mode,
            ["scope"] = Scope.ToJson(),
            ["user_id"] = UserId,
            ["project_name"] = ProjectName,
            ["force"] = Force,
        };
        if (ResumeOf is not null)
        {
            metadata["resume_of"] = ResumeOf;
        }
        if (MaxCostUsd is not null)
        {
            metadata["max_cost_usd"] = MaxCostUsd;
        }
        if (ReferenceKeys is { Count: > 0 })
        {
            metadata["reference_keys"] = new JsonArray([.. ReferenceKeys.Select(key => (JsonNode)JsonValue.Create(key))]);
        }
        return metadata;
    }

    public static RunSettings FromMetadata(JsonObject metadata, string defaultUserId, string dramaId, string defaultMode) => new(
        RunScope.FromJson(metadata["scope"]),
        metadata["force"]?.GetValue<bool>() ?? false,
        metadata["user_id"]?.GetValue<string>() ?? defaultUserId,
        metadata["project_name"]?.GetValue<string>() ?? dramaId,
        metadata["mode"]?.GetValue<string>() ?? defaultMode,
        metadata["resume_of"]?.GetValue<string>(),
        metadata["reference_keys"] is JsonArray keys ? [.. keys.Select(key => key!.GetValue<string>())] : null,
        metadata["max_cost_usd"]?.GetValue<decimal>());
}
