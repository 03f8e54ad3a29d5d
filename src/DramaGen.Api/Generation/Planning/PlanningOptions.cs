using DramaGen.Configuration;

namespace DramaGen.Generation.Planning;

/// <summary>What shapes the DAG beyond the drama itself (CHARACTER_VIEWS, EPISODE_CUTS).</summary>
/// <param name="CharacterViews">The views of every character's sheet besides the portrait, e.g. side and full_body.</param>
/// <param name="WithCuts">Adds one cut_{e} node per episode (EPISODE_CUTS).</param>
public sealed record PlanningOptions(IReadOnlyList<string> CharacterViews, bool WithCuts = false)
{
    /// <summary>No views, no cuts: the planner of a caller without settings (the service applies its settings).</summary>
    public static readonly PlanningOptions PortraitsOnly = new([]);

    public static PlanningOptions From(GenerationOptions options) =>
        new([.. options.CharacterViews.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct()],
            options.EpisodeCuts);
}
