using DramaGen.Configuration;

namespace DramaGen.Generation.Planning;

/// <summary>What shapes the DAG beyond the drama itself (CHARACTER_VIEWS).</summary>
/// <param name="CharacterViews">The views of every character's sheet besides the portrait, e.g. side and full_body.</param>
public sealed record PlanningOptions(IReadOnlyList<string> CharacterViews)
{
    /// <summary>No views: the planner of a caller without settings (CHARACTER_VIEWS is applied by the service).</summary>
    public static readonly PlanningOptions PortraitsOnly = new([]);

    public static PlanningOptions From(GenerationOptions options) =>
        new([.. options.CharacterViews.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct()]);
}
