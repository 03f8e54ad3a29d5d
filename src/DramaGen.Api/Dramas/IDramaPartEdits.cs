namespace DramaGen.Dramas;

/// <summary>
/// Edits confined to some characters, episodes and scenes of a drama, so they can be applied while the stored document
/// streams through (<see cref="DramaPartRewriter"/>): only the parts they name are read into objects.
/// </summary>
public interface IDramaPartEdits
{
    bool EditsCharacter(string characterId);

    void EditCharacter(Character character);

    /// <summary>Whether the episode's own fields change (its scenes are asked about one by one).</summary>
    bool EditsEpisode(string episodeId);

    void EditEpisode(Episode episode);

    bool EditsScene(string episodeId, string sceneId);

    void EditScene(string episodeId, Scene scene);
}
