namespace DramaGen.Providers.Local;

/// <summary>Fills the placeholders of a <see cref="StoryBeat"/> phrase for one scene.</summary>
internal sealed record BeatFiller(string A, string B, string Word, string Location, string Premise)
{
    public string Fill(string template) => template
        .Replace("{A}", A)
        .Replace("{B}", B)
        .Replace("{K}", PremiseWords.TitleCase(Word))
        .Replace("{k}", PremiseWords.InText(Word, Premise))
        .Replace("{loc}", Location);
}
