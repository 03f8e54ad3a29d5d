using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using DramaGen.Providers;

namespace DramaGen.Tests.Generation.Fakes;

/// <summary>One provider call as the instrument saw it. Sequence numbers order calls across providers.</summary>
public sealed record ProviderCall(string Node, string Prompt, long StartSequence, long EndSequence, DateTimeOffset Start,
    DateTimeOffset End, int ReferenceCount, string? FirstFrameLabel, string? ExistingOperationId, bool Failed);

/// <summary>
/// What both fake providers share: a latency per node (waited on the injected TimeProvider), optional failures,
/// a log of calls, and the calls in flight with their due times (the virtual-time driver advances to the earliest).
/// A node is recognised by a "[node_id]" marker the test dramas put in every prompt.
/// </summary>
public sealed partial class ProviderInstrument(string name, TimeProvider time, CallSequence sequence)
{
    private readonly ConcurrentDictionary<long, InFlightCall> _inFlight = new();
    private readonly List<ProviderCall> _calls = [];
    private int _maxInFlight;

    public string Name { get; } = name;
    public Func<string, TimeSpan> Latency { get; set; } = _ => TimeSpan.Zero;
    /// <summary>Node id to the refusal reason it gets.</summary>
    public ConcurrentDictionary<string, string> Failures { get; } = new();

    /// <summary>A refusal reason for a prompt, or null (for prompts without a node marker).</summary>
    public Func<string, string?>? FailIf { get; set; }

    /// <summary>Awaited at the start of every call with the node id (e.g. to edit the drama mid-run).</summary>
    public Func<string, Task>? OnCall { get; set; }

    public int InFlight => _inFlight.Count;
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);
    /// <summary>When each call in flight is due, and whether it is already waiting for that time (not still starting).</summary>
    public IReadOnlyList<(DateTimeOffset Due, bool Waiting)> Pending => [.. _inFlight.Values.Select(call => (call.Due, call.Waiting))];

    public IReadOnlyList<ProviderCall> Calls
    {
        get { lock (_calls) { return [.. _calls]; } }
    }

    public IReadOnlyList<string> CalledNodes => [.. Calls.Select(call => call.Node)];

    public void Reset()
    {
        lock (_calls)
        {
            _calls.Clear();
        }
    }

    /// <summary>A view's prompt carries its character's marker: "Character sheet, side view of ... [char_c001]" is char_view_c001_side.</summary>
    private static string DigestOf(IEnumerable<ReferenceImage?>? images)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var image in images ?? [])
        {
            hash.AppendData(image?.Data ?? []);
        }
        return Convert.ToHexString(hash.GetHashAndReset())[..16];
    }

    public static string NodeOf(string prompt) => Marker().Match(prompt) is { Success: true } match
        ? prompt.StartsWith("Character sheet, ", StringComparison.Ordinal) && match.Groups[1].Value.StartsWith("char_", StringComparison.Ordinal)
            ? $"char_view_{match.Groups[1].Value["char_".Length..]}_{prompt["Character sheet, ".Length..prompt.IndexOf(" view of ", StringComparison.Ordinal)]}"
            : match.Groups[1].Value
        : prompt;

    /// <param name="shown">The images the call was given: like a real model's, the output changes when they do.</param>
    public async Task<GeneratedMedia> CallAsync(string prompt, int references, string? firstFrame, string? existingOperation,
        Func<Task>? beforeWaiting, CancellationToken cancellationToken, IEnumerable<ReferenceImage?>? shown = null)
    {
        var node = NodeOf(prompt);
        var start = time.GetUtcNow();
        var startSequence = sequence.Next();
        var id = startSequence;
        var call = new InFlightCall(start + Latency(node));
        _inFlight[id] = call;
        var current = _inFlight.Count;
        int seen;
        while ((seen = Volatile.Read(ref _maxInFlight)) < current && Interlocked.CompareExchange(ref _maxInFlight, current, seen) != seen)
        {
        }
        var failed = false;
        try
        {
            if (OnCall is { } onCall)
            {
                await onCall(node);
            }
            if (beforeWaiting is not null)
            {
                await beforeWaiting();
            }
            // The latency runs from the call's start. The timer exists before the call says it waits: the
            // driver only moves the clock once every call waits, so no jump can fall between the two.
            var remaining = call.Due - time.GetUtcNow();
            var delay = remaining > TimeSpan.Zero ? Task.Delay(remaining, time, cancellationToken) : Task.CompletedTask;
            call.Waiting = true;
            await delay;
            if ((Failures.GetValueOrDefault(node) ?? FailIf?.Invoke(prompt)) is { } reason)
            {
                failed = true;
                throw new ProviderException(Name, reason, isRetryable: false);
            }
            var bytes = System.Text.Encoding.UTF8.GetBytes($"{Name}|{prompt}|{references}|{firstFrame}|{DigestOf(shown)}");
            return new GeneratedMedia(bytes, Name == "fake-video" ? "video/mp4" : "image/png", Name, "fake-model-1",
                existingOperation ?? $"op-{node}");
        }
        finally
        {
            var end = time.GetUtcNow();
            lock (_calls)
            {
                _calls.Add(new ProviderCall(node, prompt, startSequence, sequence.Next(), start, end, references, firstFrame,
                    existingOperation, failed));
            }
            _inFlight.TryRemove(id, out _);
        }
    }

    [GeneratedRegex(@"\[([A-Za-z0-9_\-]+)\]")]
    private static partial Regex Marker();
}

internal sealed class InFlightCall(DateTimeOffset due)
{
    private volatile bool _waiting;

    public DateTimeOffset Due { get; } = due;

    public bool Waiting
    {
        get => _waiting;
        set => _waiting = value;
    }
}

/// <summary>A counter shared by the fake providers so their calls can be ordered.</summary>
public sealed class CallSequence
{
    private long _value;

    public long Next() => Interlocked.Increment(ref _value);
}
