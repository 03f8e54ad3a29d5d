namespace DramaGen.Providers.Local;

/// <summary>Collects a critique's notes: a measure at 1 is a strength, below 1 a weakness with its suggestion.</summary>
internal sealed class CritiqueNotes
{
    public List<string> Strengths { get; } = [];
    public List<string> Weaknesses { get; } = [];
    public List<string> Suggestions { get; } = [];

    /// <returns>The measure, clamped to [0, 1], so checks compose into a score.</returns>
    public double Check(double measure, string strength, string weakness, string suggestion)
    {
        var clamped = Math.Clamp(measure, 0, 1);
        if (clamped >= 1)
        {
            Strengths.Add(strength);
        }
        else
        {
            Weaknesses.Add(weakness);
            Suggestions.Add(suggestion);
        }
        return clamped;
    }
}
