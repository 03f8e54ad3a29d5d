using DramaGen.Dramas;

namespace DramaGen.Generation.Inputs;

/// <summary>Characters and scenes of one drama snapshot by id, built once per plan or run.</summary>
public sealed class DramaLookup
{
    private readonly Dictionary<string, Character> _characters = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), Scene> _scenes = [];

    public DramaLookup(Drama drama)
    {
        Drama = drama;
        foreach (var character in (drama.Characters ?? []).Where(character => character is not null))
        {
            _characters.TryAdd(character.Id, character);
        }
        foreach (var episode in (drama.Episodes ?? []).Where(episode => episode is not null))
        {
            foreach (var scene in (episode.Scenes ?? []).Where(scene => scene is not null))
            {
                _scenes.TryAdd((episode.Id, scene.Id), scene);
            }
        }
    }

    public Drama Drama { get; }

    public Character? Character(string? id) => id is null ? null : _characters.GetValueOrDefault(id);

    public Scene? Scene(string? episodeId, string? sceneId) =>
        episodeId is null || sceneId is null ? null : _scenes.GetValueOrDefault((episodeId, sceneId));
}
