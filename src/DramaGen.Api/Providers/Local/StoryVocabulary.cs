namespace DramaGen.Providers.Local;

/// <summary>Fixed word lists the local writer picks from; fixed so the same seed always writes the same drama.</summary>
internal static class StoryVocabulary
{
    public static readonly string[] Names =
    [
        "Mara", "Elias", "Noor", "Tobias", "Ines", "Kenji", "Amara", "Felix", "Lena", "Rafael", "Yara", "Oskar",
        "Sana", "Dmitri", "Leila", "Jonah", "Priya", "Mateo", "Hana", "Silas", "Zara", "Idris", "Clara", "Arjun",
    ];

    public static readonly string[] Traits =
    [
        "stubborn", "quiet", "reckless", "tender", "sharp-tongued", "haunted", "hopeful", "proud", "restless",
        "guarded", "fearless", "wry",
    ];

    /// <summary>What a character looks like, so portraits and clips keep one face and one costume.</summary>
    public static readonly string[] Looks =
    [
        "dark curls and a weathered canvas coat", "cropped silver hair and a long wool scarf",
        "freckles and a faded yellow raincoat", "a neat grey suit and ink-stained fingers",
        "braided hair and a worn leather satchel", "a shaved head and a thin scar over one brow",
        "round glasses and a patched green cardigan", "windswept red hair and heavy boots",
        "a sharp black coat and a silver ring", "loose linen clothes and a sun-browned face",
    ];

    public static readonly string[] Locations =
    [
        "a rain-slick rooftop at night", "the old harbour at dusk", "a candle-lit kitchen", "the town square at dawn",
        "an empty train platform", "a cluttered workshop", "the edge of a dark forest", "a narrow hospital corridor",
        "a neon-lit diner", "a dusty attic under the eaves", "a windswept cliff path", "a crowded night market",
        "a quiet library reading room", "a cramped car on a long road", "a greenhouse fogged with steam",
        "a stairwell lit by one flickering bulb",
    ];

    public static readonly string[] Styles =
    [
        "moody cinematic, teal and amber", "warm naturalistic, soft window light", "high-contrast noir, deep shadows",
        "dreamlike pastel, gentle haze", "gritty handheld realism, muted colours", "vivid graphic-novel colour, bold shapes",
    ];

    /// <summary>A character's place in the story: the first is the lead; {N} is the name, {L} the lead, {k} a premise word.</summary>
    public static readonly (string Role, string Stake)[] Roles =
    [
        ("lead", "Everything about the {k} turns on {N}'s choices."),
        ("rival", "{N} wants the {k} for reasons of their own and will not give way."),
        ("mentor", "{N} knows more about the {k} than they admit, and fears what {L} will do with it."),
        ("confidant", "{N} stands by {L} until the {k} puts that loyalty to the test."),
    ];
}
