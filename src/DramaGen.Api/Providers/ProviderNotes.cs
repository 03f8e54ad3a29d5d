using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace DramaGen.Providers;

/// <summary>
/// What a provider changed from what it was asked ("asked 10 s, used 8 s", a relaxed schema), collected for the
/// job the call works for. The job opens a collection around its provider call; providers add to whichever
/// collection flows with the call (AsyncLocal), so no interface has to carry it and a call outside a job is a no-op.
/// </summary>
public sealed class ProviderNotes
{
    /// <summary>The job metadata field the notes are written to.</summary>
    public const string MetadataField = "provider_notes";

    private static readonly AsyncLocal<ProviderNotes?> Current = new();
    private readonly ConcurrentQueue<string> _notes = new();

    /// <summary>Starts collecting for the calls that follow in this async flow (and only there).</summary>
    public static ProviderNotes Collect() => Current.Value = new ProviderNotes();

    public static void Add(string note) => Current.Value?._notes.Enqueue(note);

    public IReadOnlyList<string> Items => [.. _notes];

    /// <summary>Writes the notes into a job's metadata; nothing when there are none.</summary>
    public void WriteTo(JsonObject metadata)
    {
        if (!_notes.IsEmpty)
        {
            metadata[MetadataField] = new JsonArray([.. Items.Select(note => (JsonNode)JsonValue.Create(note))]);
        }
    }
}
