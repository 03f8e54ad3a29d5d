namespace DramaGen.Providers;

/// <summary>
/// The light drama shape a text model fills in (no ids, no assets, characters named instead of referenced).
/// DraftComposer (Authoring) turns it into a full <see cref="Dramas.Drama"/>.
/// </summary>
public sealed record DraftDrama(
    string Title,
    string Synopsis,
    string Style,
    IReadOnlyList<DraftCharacter> Characters,
    IReadOnlyList<DraftEpisode> Episodes);

public sealed record DraftCharacter(string Name, string Description);

public sealed record DraftEpisode(string Title, string Synopsis, IReadOnlyList<DraftScene> Scenes);

/// <param name="Characters">Names of the characters in the scene, as in <see cref="DraftDrama.Characters"/>.</param>
/// <param name="ClipPrompt">What happens on screen in the scene's video clip.</param>
/// <param name="Lines">What is said, in order.</param>
public sealed record DraftScene(
    string Title,
    string Description,
    string Location,
    IReadOnlyList<string> Characters,
    string ClipPrompt,
    IReadOnlyList<DraftLine>? Lines = null);

/// <param name="Speaker">The name of a character of the scene, or "narrator".</param>
/// <param name="Direction">How it is said; empty when plain.</param>
public sealed record DraftLine(string Speaker, string Text, string Direction);

/// <summary>A structured critique: scores from 1 to 10 and notes.</summary>
public sealed record DramaCritique(
    int Overall,
    int Story,
    int Characters,
    int Pacing,
    int Visuals,
    int Dialogue,
    IReadOnlyList<string> Strengths,
    IReadOnlyList<string> Weaknesses,
    IReadOnlyList<string> Suggestions);
