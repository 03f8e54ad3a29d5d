using DramaGen.Dramas;

namespace DramaGen.Providers.Local;

/// <summary>
/// Scores a drama from what can be measured in its text: how many scenes each episode has, how much
/// each description says, whether every character appears, whether scenes say where and what the camera sees.
/// Each score is the average of fractions in [0, 1] scaled to 1..10; each shortfall becomes a weakness and a suggestion.
/// </summary>
internal static class LocalDramaCritic
{
    private const int RichDescription = 60;
    private const int RichClipPrompt = 40;

    public static DramaCritique Critique(Drama drama)
    {
        var notes = new CritiqueNotes();
        var scenes = drama.Episodes.SelectMany(e => e.Scenes).ToList();
        var counts = drama.Episodes.Select(e => e.Scenes.Count).ToList();

        var story = Score(
            notes.Check(drama.Synopsis.Length >= 80 ? 1 : drama.Synopsis.Length / 80.0,
                "The synopsis sets out the whole story.", $"The synopsis is short ({drama.Synopsis.Length} characters).",
                "Expand the synopsis to cover the arc from setup to resolution."),
            notes.Check(Fraction(drama.Episodes, e => e.Synopsis.Length >= 40),
                "Every episode has a synopsis of its own.", "Some episodes lack a real synopsis.",
                "Give each episode a synopsis of at least a sentence or two."),
            notes.Check(Fraction(drama.Episodes, e => e.Scenes.Count > 0),
                "Every episode has scenes.", $"{counts.Count(c => c == 0)} of {counts.Count} episodes have no scenes.",
                "Add scenes to the empty episodes."));

        var appearing = scenes.SelectMany(s => s.Characters).ToHashSet();
        var absent = drama.Characters.Where(c => !appearing.Contains(c.Id)).Select(c => c.Name).ToList();
        var characters = Score(
            notes.Check(Fraction(drama.Characters, c => appearing.Contains(c.Id)),
                "Every character appears on screen.", $"{absent.Count} of {drama.Characters.Count} characters never appear: {string.Join(", ", absent)}.",
                "Write the absent characters into scenes or cut them."),
            notes.Check(Fraction(drama.Characters, c => c.Description.Length >= RichDescription),
                "Characters are described in enough detail to draw.", "Some character descriptions are thin.",
                "Describe each character's look and stake in a sentence or two."),
            notes.Check(drama.Characters.Count is >= 2 and <= 6 ? 1 : 0.5,
                "The cast is a workable size.", $"A cast of {drama.Characters.Count} is hard to follow in a short drama.",
                "Keep the cast between two and six characters."));

        var pacing = Score(
            notes.Check(counts.Count == 0 || counts.Max() == 0 ? 0 : (double)counts.Min() / counts.Max(),
                "Episodes are balanced: each has about as many scenes as the others.", $"Episodes range from {Range(counts)} scenes.",
                "Balance the number of scenes per episode."),
            notes.Check(Fraction(scenes, s => s.Description.Length is >= RichDescription and <= 600),
                "Scene descriptions are neither thin nor bloated.", "Some scene descriptions are too thin or too long.",
                "Aim for two or three sentences per scene."));

        var visuals = Score(
            notes.Check(Fraction(scenes, s => s.Location.Trim().Length > 0),
                "Every scene has a location.", "Some scenes have no location.", "Name a concrete location for every scene."),
            notes.Check(Fraction(scenes, s => s.Assets.Any(a => a.Type == AssetTypes.Video && a.Prompt.Length >= RichClipPrompt)),
                "Every scene has a clip prompt that says what the camera sees.", "Some scenes lack a usable clip prompt.",
                "Write a clip prompt with shot, action and mood for each scene."));

        var lines = scenes.SelectMany(s => s.Lines).ToList();
        var dialogue = Score(
            notes.Check(Fraction(scenes, s => s.Lines.Count >= 2),
                "Every scene has lines to speak.", $"{scenes.Count(s => s.Lines.Count < 2)} of {scenes.Count} scenes have fewer than two lines.",
                "Give every scene at least two lines of dialogue or narration."),
            notes.Check(Fraction(scenes, s => s.Lines.Count(l => l.Speaker != Speakers.Narrator) >= Math.Min(2, s.Characters.Count)),
                "The characters in a scene speak, not only the narrator.", "In some scenes the characters present say nothing.",
                "Let the characters in each scene speak for themselves."),
            notes.Check(Fraction(lines, l => l.Text.Length is >= 8 and <= 200),
                "Lines are short enough to say and long enough to mean something.", "Some lines are too short or too long to speak well.",
                "Keep each line to a sentence or two."));

        var overall = (int)Math.Round((story + characters + pacing + visuals + dialogue) / 5.0, MidpointRounding.AwayFromZero);
        return new DramaCritique(overall, story, characters, pacing, visuals, dialogue, notes.Strengths, notes.Weaknesses, notes.Suggestions);
    }

    private static int Score(params double[] fractions) =>
        Math.Clamp((int)Math.Round(10 * fractions.Average(), MidpointRounding.AwayFromZero), 1, 10);

    /// <summary>The share of items meeting the test; an empty list scores nothing.</summary>
    private static double Fraction<T>(IReadOnlyCollection<T> items, Func<T, bool> test) =>
        items.Count == 0 ? 0 : (double)items.Count(test) / items.Count;

    private static string Range(List<int> counts) => counts.Count == 0 ? "0" : $"{counts.Min()} to {counts.Max()}";
}
