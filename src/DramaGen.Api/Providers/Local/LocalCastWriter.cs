namespace DramaGen.Providers.Local;

/// <summary>Picks two to four characters and ties each one's stake to a word of the premise.</summary>
internal static class LocalCastWriter
{
    public static List<DraftCharacter> Write(SeededChooser chooser, PremiseWords words, string premise)
    {
        var count = 2 + chooser.Next("cast-size", 3);
        var names = chooser.Shuffle(StoryVocabulary.Names, "names").Take(count).ToList();
        var looks = chooser.Shuffle(StoryVocabulary.Looks, "looks");
        var cast = new List<DraftCharacter>();
        for (var i = 0; i < count; i++)
        {
            var (role, stake) = StoryVocabulary.Roles[i];
            var trait = chooser.Pick(StoryVocabulary.Traits, $"trait:{i}");
            var word = PremiseWords.InText(words.Keywords[i % words.Keywords.Count], premise);
            var stakeText = stake.Replace("{N}", names[i]).Replace("{L}", names[0]).Replace("{k}", word);
            cast.Add(new DraftCharacter(names[i], $"{names[i]} is the {role}: {trait}, with {looks[i]}. {stakeText}"));
        }
        return cast;
    }
}
