using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace DramaGen.Bench;

/// <summary>
/// What the process allocates, by type and heap (small or large objects), sampled from the runtime's allocation ticks
/// (one event per about 100 KB allocated): where a run's garbage comes from (<c>--allocations</c>).
/// </summary>
public sealed class AllocationTally : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<(string Type, bool Large), long> _bytes = new();

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs data)
    {
        if (data.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || data.Payload is null)
        {
            return;
        }
        var amount = Convert.ToInt64(data.Payload[data.PayloadNames!.IndexOf("AllocationAmount64")]);
        var large = Convert.ToInt32(data.Payload[data.PayloadNames.IndexOf("AllocationKind")]) == 1;
        var type = data.PayloadNames.IndexOf("TypeName") is var at and >= 0 ? data.Payload[at] as string ?? "?" : "?";
        _bytes.AddOrUpdate((type, large), amount, (_, sum) => sum + amount);
    }

    public void Report(int top)
    {
        var total = _bytes.Values.Sum();
        Console.WriteLine($"    allocated about {total / 1048576.0:F0} MiB ({_bytes.Where(e => e.Key.Large).Sum(e => e.Value) / 1048576.0:F0} MiB on the large-object heap):");
        foreach (var ((type, large), bytes) in _bytes.OrderByDescending(e => e.Value).Take(top))
        {
            Console.WriteLine($"      {bytes / 1048576.0,7:F1} MiB {(large ? "LOH" : "SOH")} {type}");
        }
    }
}
