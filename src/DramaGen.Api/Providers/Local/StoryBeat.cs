namespace DramaGen.Providers.Local;

/// <summary>
/// One stage of a dramatic arc and the phrases that write it. Placeholders: {A} and {B} the scene's two
/// leading characters, {K} a premise word in title case, {k} the same word in running text, {loc} the location.
/// </summary>
internal sealed record StoryBeat(
    string Name,
    string EpisodeTitle,
    string[] SceneTitles,
    string Synopsis,
    string Action,
    string Camera,
    string Mood)
{
    /// <summary>The arc in story order; a drama's scenes are spread over it from first to last.</summary>
    public static readonly StoryBeat[] Arc =
    [
        new("setup", "Before the {K}", ["An Ordinary Morning", "First Glimpse of the {K}", "{A}'s Promise", "Quiet Before the {K}"],
            "{A}'s ordinary life is set out, and the first sign of the {k} appears.",
            "{A} goes about an ordinary day at {loc}, unaware of how the {k} will change everything, while {B} watches from a distance.",
            "wide establishing shot, slow push-in", "calm, curious"),
        new("inciting incident", "The {K} Calls", ["The Discovery", "A Door Opens", "What {B} Saw", "The {K} Wakes"],
            "{A} stumbles onto the truth about the {k}, and there is no going back.",
            "At {loc}, {A} discovers the truth about the {k}; {B} is the first to notice that nothing will be the same.",
            "handheld close-up, rack focus to a detail", "wonder and unease"),
        new("rising conflict", "Against the {K}", ["Lines Are Drawn", "{B} Pushes Back", "The Price of the {K}", "No Way Back"],
            "{A} and {B} pull in opposite directions over the {k}, and every choice costs something.",
            "At {loc}, {A} and {B} clash over the {k}; every choice costs something and the pressure rises.",
            "tight two-shot, quick cuts", "tense"),
        new("twist", "What the {K} Hid", ["The Reveal", "{B}'s Secret", "Broken Trust", "The Other {K}"],
            "A hidden truth about the {k} turns {A}'s plan upside down.",
            "At {loc}, a hidden truth about the {k} surfaces: {B} has kept a secret that turns {A}'s plan upside down.",
            "slow dolly out, shadows across faces", "shock and betrayal"),
        new("climax", "The Last {K}", ["Everything at Stake", "{A} Chooses", "Storm Over the {K}", "Face to Face"],
            "With everything at stake, {A} must decide what the {k} is truly worth.",
            "At {loc}, with everything at stake, {A} confronts {B} and must decide what the {k} is truly worth.",
            "sweeping crane shot into a close-up", "urgent and emotional"),
        new("resolution", "After the {K}", ["The Morning After", "What Remains", "{A} Lets Go", "A New {K}"],
            "In the quiet that follows, {A} and {B} face what the {k} has left behind.",
            "At {loc}, in the quiet after the storm, {A} and {B} face what the {k} has left behind and find a new beginning.",
            "static wide shot, golden light", "bittersweet and hopeful"),
    ];

    /// <summary>
    /// The beat of scene <paramref name="index"/> of <paramref name="count"/>: the arc spread evenly from setup to
    /// resolution, so even a three-scene drama opens, turns and ends. A lone scene is the climax.
    /// </summary>
    public static StoryBeat For(int index, int count) =>
        count <= 1 ? Arc[4] : Arc[(int)Math.Round((double)index * (Arc.Length - 1) / (count - 1), MidpointRounding.AwayFromZero)];
}
