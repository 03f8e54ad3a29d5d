namespace DramaGen.Dramas;

/// <summary>
/// Which dependsOn references and cycles make a drama unplannable. Generation (the planner) answers, so a
/// drama stored here is one it can plan, without Dramas knowing the planner.
/// </summary>
public interface IDependencyRules
{
    IReadOnlyList<string> FindProblems(Drama drama);
}
