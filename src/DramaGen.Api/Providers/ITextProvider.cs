using DramaGen.Dramas;

namespace DramaGen.Providers;

/// <summary>Writes, revises and critiques drama structure.</summary>
public interface ITextProvider
{
    /// <summary>openai or local.</summary>
    string Name { get; }

    string Model { get; }

    Task<DraftDrama> WriteAsync(DramaBrief brief, CancellationToken cancellationToken = default);

    /// <summary>Revises <paramref name="current"/> following <paramref name="feedback"/>.</summary>
    Task<DraftDrama> ImproveAsync(Drama current, string feedback, CancellationToken cancellationToken = default);

    Task<DramaCritique> CritiqueAsync(Drama drama, CancellationToken cancellationToken = default);
}

/// <summary>What the client asked for when posting a premise.</summary>
public sealed record DramaBrief(string Premise, int Episodes, int ScenesPerEpisode, string? Style = null, string AspectRatio = "9:16");
