using System.Buffers;
using System.Text.Json;

namespace DramaGen.Dramas;

/// <summary>
/// Applies <see cref="IDramaPartEdits"/> to a stored drama while its bytes stream to the output: each character or scene
/// edited is read into an object, edited and written back; everything else is copied as it is. A run writes its media into
/// its drama every few hundred milliseconds, and reading a 10,000-node drama whole into objects each time made about 10 MB
/// of garbage per checkpoint. The bytes written are those that reading the whole drama, editing it and writing it with
/// <see cref="DramaJson.Options"/> gives (the stored bytes were written with those options).
/// </summary>
public static class DramaPartRewriter
{
    // The writer hands its bytes to the output at about this size, so none of its buffers grows with the document.
    private const int FlushThreshold = 16 * 1024;

    /// <returns>The summary of the drama written, for its listing.</returns>
    /// <exception cref="JsonException">The stored bytes are not a drama document.</exception>
    public static DramaSummary Rewrite(ReadOnlySequence<byte> stored, Stream output, string dramaId, DateTimeOffset updatedAt,
        IDramaPartEdits edits)
    {
        var reader = new Utf8JsonReader(stored);
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = DramaJson.Options.Encoder });
        var rewrite = new PartWriter(stored, writer, edits);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A stored drama is a JSON object.");
        }
        writer.WriteStartObject();
        string title = "", premise = "";
        DateTimeOffset? createdAt = null;
        int characters = 0, episodes = 0;
        var updatedAtWritten = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = PropertyOf(ref reader);
            rewrite.CopyName(ref reader);
            reader.Read();
            switch (name)
            {
                case TopLevelProperty.UpdatedAt:
                    reader.Skip();
                    JsonSerializer.Serialize(writer, (DateTimeOffset?)updatedAt, DramaJson.Options);
                    updatedAtWritten = true;
                    break;
                case TopLevelProperty.Title when reader.TokenType == JsonTokenType.String:
                    title = reader.GetString()!;
                    rewrite.Copy(ref reader);
                    break;
                case TopLevelProperty.Premise when reader.TokenType == JsonTokenType.String:
                    premise = reader.GetString()!;
                    rewrite.Copy(ref reader);
                    break;
                case TopLevelProperty.CreatedAt:
                    var value = reader;
                    createdAt = JsonSerializer.Deserialize<DateTimeOffset?>(ref value, DramaJson.Options);
                    rewrite.Copy(ref reader);
                    break;
                case TopLevelProperty.Characters when reader.TokenType == JsonTokenType.StartArray:
                    characters = rewrite.Characters(ref reader);
                    break;
                case TopLevelProperty.Episodes when reader.TokenType == JsonTokenType.StartArray:
                    episodes = rewrite.Episodes(ref reader);
                    break;
                default:
                    rewrite.Copy(ref reader);
                    break;
            }
        }
        if (!updatedAtWritten)
        {
            writer.WritePropertyName("updatedAt"u8);
            JsonSerializer.Serialize(writer, (DateTimeOffset?)updatedAt, DramaJson.Options);
        }
        writer.WriteEndObject();
        writer.Flush();
        return DramaSummary.Of(dramaId, title, premise, createdAt, updatedAt, characters, episodes);
    }

    private enum TopLevelProperty
    {
        Other,
        Title,
        Premise,
        CreatedAt,
        UpdatedAt,
        Characters,
        Episodes,
    }

    private static TopLevelProperty PropertyOf(ref Utf8JsonReader name) =>
        name.ValueTextEquals("title"u8) ? TopLevelProperty.Title
        : name.ValueTextEquals("premise"u8) ? TopLevelProperty.Premise
        : name.ValueTextEquals("createdAt"u8) ? TopLevelProperty.CreatedAt
        : name.ValueTextEquals("updatedAt"u8) ? TopLevelProperty.UpdatedAt
        : name.ValueTextEquals("characters"u8) ? TopLevelProperty.Characters
        : name.ValueTextEquals("episodes"u8) ? TopLevelProperty.Episodes
        : TopLevelProperty.Other;

    private sealed class PartWriter(ReadOnlySequence<byte> stored, Utf8JsonWriter writer, IDramaPartEdits edits)
    {
        /// <returns>How many characters the array holds.</returns>
        public int Characters(ref Utf8JsonReader reader) => Elements<Character>(ref reader, edits.EditsCharacter, edits.EditCharacter);

        /// <returns>How many episodes the array holds.</returns>
        public int Episodes(ref Utf8JsonReader reader)
        {
            writer.WriteStartArray();
            var count = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                count++;
                if (IdOf(reader) is not { } id)
                {
                    Copy(ref reader);
                }
                else if (edits.EditsEpisode(id))
                {
                    var episode = JsonSerializer.Deserialize<Episode>(ref reader, DramaJson.Options)!;
                    edits.EditEpisode(episode);
                    foreach (var scene in episode.Scenes ?? [])
                    {
                        if (scene is not null && edits.EditsScene(id, scene.Id))
                        {
                            edits.EditScene(id, scene);
                        }
                    }
                    JsonSerializer.Serialize(writer, episode, DramaJson.Options);
                }
                else
                {
                    // Scene by scene, not the episode whole: an episode of a large drama is over the large-object threshold.
                    Episode(ref reader, id);
                }
            }
            writer.WriteEndArray();
            return count;
        }

        private void Episode(ref Utf8JsonReader reader, string episodeId)
        {
            writer.WriteStartObject();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isScenes = reader.ValueTextEquals("scenes"u8);
                CopyName(ref reader);
                reader.Read();
                if (isScenes && reader.TokenType == JsonTokenType.StartArray)
                {
                    Scenes(ref reader, episodeId);
                }
                else
                {
                    Copy(ref reader);
                }
            }
            writer.WriteEndObject();
        }

        private void Scenes(ref Utf8JsonReader reader, string episodeId) =>
            Elements<Scene>(ref reader, sceneId => edits.EditsScene(episodeId, sceneId), scene => edits.EditScene(episodeId, scene));

        /// <summary>An array of characters or scenes: each one edited is read, edited and written; the others are copied.</summary>
        /// <returns>How many elements the array holds.</returns>
        private int Elements<T>(ref Utf8JsonReader reader, Func<string, bool> edited, Action<T> edit)
        {
            writer.WriteStartArray();
            var count = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                count++;
                if (IdOf(reader) is { } id && edited(id))
                {
                    var element = JsonSerializer.Deserialize<T>(ref reader, DramaJson.Options)!;
                    edit(element);
                    JsonSerializer.Serialize(writer, element, DramaJson.Options);
                }
                else
                {
                    Copy(ref reader);
                }
            }
            writer.WriteEndArray();
            return count;
        }

        public void CopyName(ref Utf8JsonReader reader)
        {
            if (reader.HasValueSequence || reader.ValueIsEscaped)
            {
                writer.WritePropertyName(reader.GetString()!);
            }
            else
            {
                writer.WritePropertyName(reader.ValueSpan);
            }
        }

        /// <summary>Copies the value the reader is on, as stored, and leaves the reader on its last token.</summary>
        public void Copy(ref Utf8JsonReader reader)
        {
            var start = reader.TokenStartIndex;
            reader.Skip();
            writer.WriteRawValue(stored.Slice(start, reader.BytesConsumed - start), skipInputValidation: true);
            if (writer.BytesPending >= FlushThreshold)
            {
                writer.Flush();
            }
        }

        /// <summary>The id of the object the reader is on (read ahead on a copy of the reader); null for anything else.</summary>
        private static string? IdOf(Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isId = reader.ValueTextEquals("id"u8);
                reader.Read();
                if (isId)
                {
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                reader.Skip();
            }
            return null;
        }
    }
}
