using DramaGen.Generation.Planning;

namespace DramaGen.Bench;

/// <summary>No schedule can beat the longest latency chain, nor any capability's total work divided by its cap.</summary>
public static class LowerBound
{
    public static (double Bound, double Chain, double ImageWork, double VideoWork) Of(DramaGraph graph, double scale, int imageCap, int videoCap)
    {
        var finish = new double[graph.Nodes.Count];
        double images = 0, videos = 0;
        foreach (var index in graph.TopologicalOrder)
        {
            var node = graph[index];
            var own = node.Capability == Capability.None ? 0 : BenchLatency.SecondsOf(node.Id, node.Capability == Capability.Video) * scale;
            finish[index] = own + node.DependencyIndexes.Select(dependency => finish[dependency]).DefaultIfEmpty(0).Max();
            if (node.Capability == Capability.Image) images += own;
            if (node.Capability == Capability.Video) videos += own;
        }
        var chain = finish.Max();
        return (Math.Max(chain, Math.Max(images / imageCap, videos / videoCap)), chain, images / imageCap, videos / videoCap);
    }
}
