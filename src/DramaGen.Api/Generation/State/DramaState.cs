using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DramaGen.Generation.State;

/// <summary>
/// Per-node generation state of one drama (dramas/{id}/state.json). Shared by the plan route and the runs
/// of the drama; <see cref="Version"/> counts changes so a flush writes only when something changed.
/// </summary>
public sealed class DramaState(string dramaId)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private readonly ConcurrentDictionary<string, NodeState> _nodes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _operations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _operationInputs = new(StringComparer.Ordinal);
    private long _version;

    public string DramaId { get; } = dramaId;

    public long Version => Interlocked.Read(ref _version);

    public NodeState? Get(string nodeId) => _nodes.GetValueOrDefault(nodeId);

    public int Count => _nodes.Count;

    public IEnumerable<KeyValuePair<string, NodeState>> Nodes => _nodes;

    public void Set(string nodeId, NodeState state)
    {
        _nodes[nodeId] = state;
        ClearPendingOperation(nodeId);
    }

    /// <summary>
    /// A video operation submitted but not finished yet, and only for the inputs it was submitted with: an
    /// edited node must not be handed the result of its old prompt. (State written before inputs were
    /// recorded has none; its operation is still reused, as it was then.)
    /// </summary>
    public string? PendingOperation(string nodeId, string inputHash) =>
        _operations.GetValueOrDefault(nodeId) is { } operation
        && (!_operationInputs.TryGetValue(nodeId, out var submittedFor) || submittedFor == inputHash)
            ? operation
            : null;

    public void SetPendingOperation(string nodeId, string operationId, string inputHash)
    {
        _operations[nodeId] = operationId;
        _operationInputs[nodeId] = inputHash;
        Interlocked.Increment(ref _version);
    }

    /// <summary>The operation ended (completed, failed or superseded): it is never polled again.</summary>
    public void ClearPendingOperation(string nodeId)
    {
        _operations.TryRemove(nodeId, out _);
        _operationInputs.TryRemove(nodeId, out _);
        Interlocked.Increment(ref _version);
    }

    /// <summary>Writes the state to <paramref name="utf8"/> a buffer at a time (a 10,000-node run's is megabytes).</summary>
    public void SerializeTo(Stream utf8) => JsonSerializer.Serialize(utf8,
        new Document
        {
            Nodes = _nodes, Operations = _operations, OperationInputs = _operationInputs,
        }, Json);

    public static DramaState Deserialize(string dramaId, ReadOnlySpan<byte> utf8)
    {
        var state = new DramaState(dramaId);
        var document = JsonSerializer.Deserialize<Document>(utf8, Json);
        foreach (var (nodeId, node) in document?.Nodes ?? new Dictionary<string, NodeState>())
        {
            state._nodes[nodeId] = node;
        }
        foreach (var (nodeId, operation) in document?.Operations ?? new Dictionary<string, string>())
        {
            state._operations[nodeId] = operation;
        }
        foreach (var (nodeId, inputHash) in document?.OperationInputs ?? new Dictionary<string, string>())
        {
            state._operationInputs[nodeId] = inputHash;
        }
        return state;
    }

    private sealed class Document
    {
        [JsonPropertyName("format")] public int Format { get; set; } = 1;
        // Interfaces, so a save writes the live dictionaries as they are instead of copying 10,000 entries first.
        [JsonPropertyName("nodes")] public IDictionary<string, NodeState> Nodes { get; set; } = new Dictionary<string, NodeState>();
        [JsonPropertyName("operations")] public IDictionary<string, string> Operations { get; set; } = new Dictionary<string, string>();
        [JsonPropertyName("operation_inputs")] public IDictionary<string, string> OperationInputs { get; set; } = new Dictionary<string, string>();
    }
}
