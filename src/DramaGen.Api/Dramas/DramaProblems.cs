namespace DramaGen.Dramas;

/// <summary>What <see cref="DramaValidator"/> found: the first problems by JSON path, and how many there were in all.</summary>
public sealed record DramaProblems(IReadOnlyDictionary<string, string[]> Errors, int Total)
{
    public bool IsValid => Total == 0;
}
