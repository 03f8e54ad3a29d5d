using DramaGen.Generation.Planning;

namespace DramaGen.Bench;

/// <summary>
/// What no schedule can beat: the longest latency chain, and per capability the earliest moment any of its nodes
/// can start (the longest chain before it) plus its work divided by its cap (or, with a request quota, its requests
/// divided by the rate, when that is longer). Tighter than max(chain, work / cap): videos cannot start before the
/// first storyboard or portrait is done, however many slots there are.
/// </summary>
public sealed record LowerBound(double Bound, double Chain, IReadOnlyDictionary<Capability, (double EarliestStart, double Busy)> Capabilities)
{
    /// <param name="seconds">Each node's latency.</param>
    /// <param name="caps">Slots per capability.</param>
    /// <param name="requestsPerMinute">Request quota per capability (none when absent or 0).</param>
    public static LowerBound Of(DramaGraph graph, Func<PlanNode, double> seconds, IReadOnlyDictionary<Capability, int> caps,
        IReadOnlyDictionary<Capability, int>? requestsPerMinute = null)
    {
        var start = new double[graph.Nodes.Count];
        var finish = new double[graph.Nodes.Count];
        foreach (var index in graph.TopologicalOrder)
        {
            var node = graph[index];
            start[index] = node.DependencyIndexes.Select(dependency => finish[dependency]).DefaultIfEmpty(0).Max();
            finish[index] = start[index] + seconds(node);
        }
        var capabilities = new Dictionary<Capability, (double, double)>();
        foreach (var (capability, cap) in caps)
        {
            var nodes = graph.Nodes.Where(node => node.Capability == capability).ToList();
            if (nodes.Count == 0)
            {
                continue;
            }
            var busy = nodes.Sum(seconds) / cap;
            if (requestsPerMinute?.GetValueOrDefault(capability) is > 0 and var rpm)
            {
                busy = Math.Max(busy, nodes.Count / (rpm / 60.0));
            }
            capabilities[capability] = (nodes.Min(node => start[node.Index]), busy);
        }
        var chain = finish.DefaultIfEmpty(0).Max();
        return new LowerBound(Math.Max(chain, capabilities.Values.Select(term => term.Item1 + term.Item2).DefaultIfEmpty(0).Max()), chain, capabilities);
    }

    public override string ToString() =>
        $"{Bound:F3} s = max(chain {Chain:F3} s, " + string.Join(", ", Capabilities.Select(pair =>
            $"{pair.Key.ToString().ToLowerInvariant()} earliest start {pair.Value.EarliestStart:F3} s + work/cap {pair.Value.Busy:F3} s")) + ")";
}
