using DramaGen.Dramas;

namespace DramaGen.Generation.Planning;

/// <summary>The planner's own resolution of dependsOn, offered to drama validation.</summary>
internal sealed class PlannerDependencyRules : IDependencyRules
{
    public IReadOnlyList<string> FindProblems(Drama drama) => DramaGraph.FindProblems(drama);
}
