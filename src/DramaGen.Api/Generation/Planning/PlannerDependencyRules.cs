using DramaGen.Configuration;
using DramaGen.Dramas;
using Microsoft.Extensions.Options;

namespace DramaGen.Generation.Planning;

/// <summary>The planner's own resolution of dependsOn, offered to drama validation.</summary>
internal sealed class PlannerDependencyRules(IOptions<GenerationOptions> options) : IDependencyRules
{
    public IReadOnlyList<string> FindProblems(Drama drama) => DramaGraph.FindProblems(drama, PlanningOptions.From(options.Value));
}
