using System.Globalization;
using System.Text.RegularExpressions;

namespace DramaGen.Providers.Local;

/// <summary>
/// Writes a drama from a premise without a model: a cast picked from fixed lists, the premise's words
/// spread over an arc from setup to resolution. Every choice is seeded by a hash of the brief, so the
/// same brief always gives the same drama.
/// </summary>
internal static partial class LocalDramaWriter
{
    private static readonly string[] TitlesOfOne = ["The {S1}", "The Last {S1}", "Beyond the {S1}", "The {S1} Secret"];
    private static readonly string[] TitlesOfTwo = ["{S1} of the {S2}", "The {S1} and the {S2}", "The {S1} Beneath the {S2}"];

    public static DraftDrama Write(DramaBrief brief)
    {
        var premise = Collapse(brief.Premise);
        var chooser = new SeededChooser(StableHash.Of(
            "write", premise, brief.Episodes.ToString(CultureInfo.InvariantCulture), brief.ScenesPerEpisode.ToString(CultureInfo.InvariantCulture), brief.Style ?? ""));
        var words = PremiseWords.Of(premise);
        var style = string.IsNullOrWhiteSpace(brief.Style) ? chooser.Pick(StoryVocabulary.Styles, "style") : Collapse(brief.Style);
        var cast = LocalCastWriter.Write(chooser, words, premise);
        var episodes = WriteEpisodes(brief, chooser, words, premise, cast.Select(c => c.Name).ToList(), style);
        return new DraftDrama(Title(chooser, words), Synopsis(premise, brief.Episodes, cast, words), style, cast, episodes);
    }

    public static string Collapse(string text) => Whitespace().Replace(text, " ").Trim();

    private static List<DraftEpisode> WriteEpisodes(
        DramaBrief brief, SeededChooser chooser, PremiseWords words, string premise, List<string> names, string style)
    {
        var total = brief.Episodes * brief.ScenesPerEpisode;
        var locations = chooser.Shuffle(StoryVocabulary.Locations, "locations");
        var subjectOffset = chooser.Next("subject-offset", words.Subjects.Count);
        var usedEpisodeTitles = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var episodes = new List<DraftEpisode>();
        for (var e = 0; e < brief.Episodes; e++)
        {
            var scenes = new List<DraftScene>();
            var usedSceneTitles = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var synopses = new List<string>();
            for (var s = 0; s < brief.ScenesPerEpisode; s++)
            {
                var g = e * brief.ScenesPerEpisode + s;
                var beat = StoryBeat.For(g, total);
                var cast = SceneCast(names, g, beat);
                var fill = new BeatFiller(cast[0], cast[1], words.Subjects[(g + subjectOffset) % words.Subjects.Count],
                    locations[g % locations.Count], premise);
                var title = Unique(fill.Fill(chooser.Pick(beat.SceneTitles, $"scene-title:{g}")), usedSceneTitles);
                var description = fill.Fill(beat.Action)
                    + (cast.Count > 2 ? $" {cast[2]} looks on, torn between them." : "")
                    + (g == 0 ? $" It begins here: {premise}" : "");
                var clip = $"{PremiseWords.TitleCase(beat.Camera)}. {fill.Fill(beat.Action)} Mood: {beat.Mood}. Style: {style}.";
                scenes.Add(new DraftScene(title, description, fill.Location, cast, clip, LocalDialogueWriter.Write(chooser, fill, beat, cast, g)));
                var synopsis = fill.Fill(beat.Synopsis);
                if (!synopses.Contains(synopsis)) synopses.Add(synopsis);
            }
            var middle = e * brief.ScenesPerEpisode + brief.ScenesPerEpisode / 2;
            var episodeFill = new BeatFiller(names[0], names[1], words.Subjects[(middle + subjectOffset) % words.Subjects.Count], "", premise);
            var episodeTitle = Unique(episodeFill.Fill(StoryBeat.For(middle, total).EpisodeTitle), usedEpisodeTitles);
            episodes.Add(new DraftEpisode(episodeTitle, $"Episode {e + 1} of {brief.Episodes}. " + string.Join(" ", synopses), scenes));
        }
        return episodes;
    }

    /// <summary>The lead and one other character in turn, so the whole cast appears; the climax gathers a third.</summary>
    private static List<string> SceneCast(List<string> names, int sceneIndex, StoryBeat beat)
    {
        var others = names.Skip(1).ToList();
        var cast = new List<string> { names[0], others[sceneIndex % others.Count] };
        var third = others[(sceneIndex + 1) % others.Count];
        if (beat.Name is "climax" or "resolution" && !cast.Contains(third)) cast.Add(third);
        return cast;
    }

    private static string Title(SeededChooser chooser, PremiseWords words)
    {
        var first = PremiseWords.TitleCase(words.Subjects[0]);
        if (words.Subjects.Count < 2) return chooser.Pick(TitlesOfOne, "title").Replace("{S1}", first);
        var second = PremiseWords.TitleCase(words.Subjects[^1]);
        var templates = TitlesOfOne.Concat(TitlesOfTwo).ToList();
        return chooser.Pick(templates, "title").Replace("{S1}", first).Replace("{S2}", second);
    }

    private static string Synopsis(string premise, int episodeCount, List<DraftCharacter> cast, PremiseWords words)
    {
        var k1 = PremiseWords.InText(words.Subjects[0], premise);
        var k2 = PremiseWords.InText(words.Subjects[^1], premise);
        var episodes = episodeCount == 1 ? "one episode" : $"{episodeCount} episodes";
        return $"{premise} Over {episodes}, {cast[0].Name} is drawn into the story of the {k1}; {cast[1].Name} stands in the way, "
            + $"and by the end the {k2} has changed them all.";
    }

    private static string Unique(string title, HashSet<string> used)
    {
        var candidate = title;
        for (var part = 2; !used.Add(candidate); part++) candidate = $"{title}, Part {part}";
        return candidate;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
