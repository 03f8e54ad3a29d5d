using DramaGen.Generation.Runs;

namespace DramaGen.Generation.Scheduling;

/// <summary>Executes the nodes of one run in dependency order, within the shared capacity caps.</summary>
public interface IRunScheduler
{
    /// <summary>Returns when every node is final, or, once <paramref name="cancellationToken"/> fires, when every started node has stopped.</summary>
    Task RunAsync(RunContext run, CancellationToken cancellationToken);
}
