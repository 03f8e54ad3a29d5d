namespace DramaGen.Providers.Local;

/// <summary>
/// The lines of one local scene: the narrator sets the place, then the scene's characters speak in turn in
/// the words of its beat and the premise. Phrases are picked by the writer's seeded chooser, so the same
/// brief always gives the same lines.
/// </summary>
internal static class LocalDialogueWriter
{
    /// <summary>Per beat: what the lead ({A}) and the other ({B}) say, and how.</summary>
    private static readonly Dictionary<string, (string[] Lead, string[] Other, string Direction)> Exchanges = new()
    {
        ["setup"] = (["Another quiet day at {loc}. Nothing ever changes here.", "Have you heard anything about the {k}?"],
            ["Something is coming, {A}. I can feel it.", "Enjoy the quiet while it lasts."], "calm, curious"),
        ["inciting incident"] = (["{B}, look at this. The {k} is real.", "I found it. The {k} was here all along."],
            ["Put it down, {A}. You don't know what it is.", "Then nothing will ever be the same."], "hushed, full of wonder"),
        ["rising conflict"] = (["I won't let you take the {k} from me.", "You never believed me, {B}."],
            ["You're risking everything for the {k}.", "Someone has to stop you, {A}."], "tense, raised voices"),
        ["twist"] = (["You knew about the {k}. You knew all along.", "Why didn't you tell me, {B}?"],
            ["I was trying to protect you.", "There is more to the {k} than you think, {A}."], "shocked, betrayed"),
        ["climax"] = (["This ends now, {B}. The {k} decides.", "Whatever it costs, I choose the {k}."],
            ["Then choose, {A}. I'll be right here.", "Don't do this, {A}. Please."], "urgent, emotional"),
        ["resolution"] = (["It's over. The {k} is gone.", "We start again, {B}. Together."],
            ["Maybe that's how it was meant to be.", "I'm still here, {A}."], "quiet, hopeful"),
    };

    public static List<DraftLine> Write(SeededChooser chooser, BeatFiller fill, StoryBeat beat, IReadOnlyList<string> cast, int sceneIndex)
    {
        var (lead, other, direction) = Exchanges.GetValueOrDefault(beat.Name, Exchanges["setup"]);
        var lines = new List<DraftLine>
        {
            new("narrator", fill.Fill($"At {{loc}}. {PremiseWords.TitleCase(beat.Mood)}."), "narrating, measured"),
            new(cast[0], fill.Fill(chooser.Pick(lead, $"line-a:{sceneIndex}")), direction),
            new(cast[1], fill.Fill(chooser.Pick(other, $"line-b:{sceneIndex}")), direction),
        };
        if (cast.Count > 2)
        {
            lines.Add(new DraftLine(cast[2], fill.Fill($"Stop, both of you. The {{k}} isn't worth this."), "pleading"));
        }
        return lines;
    }
}
