using System.Text.Json;
using System.Text.Json.Serialization;

namespace DramaGen.Jobs;

/// <summary>
/// A JSON array of values that are already serialized (the children of a parent job, each cached by the
/// store since its last change), written out without serializing them again.
/// </summary>
[JsonConverter(typeof(RawJsonArrayConverter))]
public sealed class RawJsonArray(IReadOnlyList<byte[]> items)
{
    public IReadOnlyList<byte[]> Items { get; } = items;

    public int Count => Items.Count;
}

internal sealed class RawJsonArrayConverter : JsonConverter<RawJsonArray>
{
    public override RawJsonArray Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return new RawJsonArray([.. document.RootElement.EnumerateArray().Select(item => JsonSerializer.SerializeToUtf8Bytes(item))]);
    }

    public override void Write(Utf8JsonWriter writer, RawJsonArray value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var item in value.Items)
        {
            writer.WriteRawValue(item, skipInputValidation: true);
        }
        writer.WriteEndArray();
    }
}
