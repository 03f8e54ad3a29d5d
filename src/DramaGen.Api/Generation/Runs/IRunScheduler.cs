namespace DramaGen.Generation.Runs;

/// <summary>
/// Executes the nodes of one run in dependency order, within the shared capacity caps. Scheduling implements it;
/// AddGeneration registers the one SCHEDULER_MODE names.
/// </summary>
public interface IRunScheduler
{
    /// <summary>Returns when every node is final, or, once <paramref name="cancellationToken"/> fires, when every started node has stopped.</summary>
    Task RunAsync(RunContext run, CancellationToken cancellationToken);
}
