using System.Globalization;
using System.Text.RegularExpressions;

namespace DramaGen.Providers.Local;

/// <summary>
/// The content words of a premise, so the local writer can build titles and scenes out of them.
/// Subjects are the words right after a determiner ("a lantern", "the future"): mostly nouns, which read
/// well in titles; keywords are every content word, subjects first.
/// </summary>
internal sealed partial class PremiseWords
{
    private static readonly HashSet<string> Determiners =
        ["a", "an", "the", "his", "her", "their", "its", "my", "our", "your", "this", "every", "one", "some", "no"];

    private static readonly HashSet<string> StopWords =
    [
        "and", "but", "or", "nor", "for", "yet", "so", "of", "in", "on", "at", "to", "by", "up", "as", "is", "are", "was",
        "were", "be", "been", "being", "has", "have", "had", "who", "whom", "whose", "what", "which", "when", "where",
        "while", "why", "how", "with", "without", "from", "into", "onto", "over", "under", "about", "after", "before",
        "they", "them", "she", "he", "him", "it", "we", "you", "i", "me", "us", "there", "then", "than", "also", "very",
        "more", "most", "must", "can", "could", "would", "should", "will", "shall", "may", "might", "just", "only", "not",
        "all", "any", "each", "other", "such", "own", "same", "too", "out", "off", "again", "once", "until", "between",
        "finds", "find", "gets", "get", "makes", "make", "takes", "take", "comes", "come", "goes", "go", "becomes",
        "become", "tries", "try", "wants", "want", "does", "do", "did", "these", "those", "both", "whether", "because", "that",
        .. Determiners,
    ];

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}'’\-]*")]
    private static partial Regex Token();

    private PremiseWords(IReadOnlyList<string> subjects, IReadOnlyList<string> keywords)
    {
        Subjects = subjects;
        Keywords = keywords;
    }

    /// <summary>Noun-like words, for titles; never empty.</summary>
    public IReadOnlyList<string> Subjects { get; }

    /// <summary>Every content word, subjects first; never empty.</summary>
    public IReadOnlyList<string> Keywords { get; }

    public static PremiseWords Of(string text)
    {
        var subjects = new List<string>();
        var others = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var afterDeterminer = false;
        foreach (Match match in Token().Matches(text))
        {
            var word = Strip(match.Value);
            var lower = word.ToLowerInvariant();
            if (word.Length < 3 || StopWords.Contains(lower))
            {
                afterDeterminer = Determiners.Contains(lower);
                continue;
            }
            if (seen.Add(word)) (afterDeterminer ? subjects : others).Add(word);
            afterDeterminer = false;
        }
        var keywords = subjects.Concat(others).ToList();
        if (keywords.Count == 0) keywords = ["secret", "promise"];
        return new PremiseWords(subjects.Count > 0 ? subjects : keywords, keywords);
    }

    /// <summary>The word as a title wants it: "lantern" becomes "Lantern".</summary>
    public static string TitleCase(string word) =>
        word.Length == 0 ? word : char.ToUpper(word[0], CultureInfo.InvariantCulture) + word[1..];

    /// <summary>The word as running text wants it: lower case unless it looks like a name ("Tokyo").</summary>
    public static string InText(string word, string premise) =>
        premise.Contains(' ' + word, StringComparison.Ordinal) ? word : word.ToLowerInvariant();

    private static string Strip(string token)
    {
        foreach (var suffix in new[] { "'s", "’s" })
            if (token.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) token = token[..^suffix.Length];
        return token.TrimEnd('\'', '’', '-');
    }
}
