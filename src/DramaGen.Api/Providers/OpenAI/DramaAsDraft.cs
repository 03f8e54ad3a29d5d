using DramaGen.Dramas;

namespace DramaGen.Providers.OpenAI;

/// <summary>
/// A stored drama in the light draft shape the model reads and writes: characters by name, each scene's
/// clip prompt. Improve sends this so the model can keep the names and titles that identify things.
/// </summary>
internal static class DramaAsDraft
{
    public static DraftDrama From(Drama drama)
    {
        var names = drama.Characters.ToDictionary(character => character.Id, character => character.Name);
        return new DraftDrama(
            drama.Title,
            drama.Synopsis,
            drama.Style,
            [.. drama.Characters.Select(character => new DraftCharacter(character.Name, character.Description))],
            [.. drama.Episodes.Select(episode => new DraftEpisode(
                episode.Title,
                episode.Synopsis,
                [.. episode.Scenes.Select(scene => new DraftScene(
                    scene.Title,
                    scene.Description,
                    scene.Location,
                    [.. scene.Characters.Select(id => names.GetValueOrDefault(id, id))],
                    ClipPrompt(scene),
                    [.. scene.Lines.Select(line => new DraftLine(
                        line.Speaker == Speakers.Narrator ? Speakers.Narrator : names.GetValueOrDefault(line.Speaker, line.Speaker),
                        line.Text, line.Direction ?? ""))]))]))]);
    }

    private static string ClipPrompt(Scene scene) =>
        scene.Assets.FirstOrDefault(asset => asset.Type == AssetTypes.Video && asset.Tag == "clip")?.Prompt
        ?? scene.Assets.FirstOrDefault(asset => asset.Type == AssetTypes.Video)?.Prompt
        ?? scene.Description;
}
