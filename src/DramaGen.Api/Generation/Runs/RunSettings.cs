using System.Text.Json.Nodes;
using DramaGen.Generation.Planning;

namespace DramaGen.Generation.Runs;

/// <summary>What a run was asked to do; stored in its parent job's metadata so a restarted service can redo it.</summary>
public sealed record RunSettings(RunScope Scope, bool Force, string UserId, string ProjectName, string Mode, string? ResumeOf = null)
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
        return metadata;
    }

    public static RunSettings FromMetadata(JsonObject metadata, string defaultUserId, string dramaId, string defaultMode) => new(
        RunScope.FromJson(metadata["scope"]),
        metadata["force"]?.GetValue<bool>() ?? false,
        metadata["user_id"]?.GetValue<string>() ?? defaultUserId,
        metadata["project_name"]?.GetValue<string>() ?? dramaId,
        metadata["mode"]?.GetValue<string>() ?? defaultMode,
        metadata["resume_of"]?.GetValue<string>());
}
