namespace DramaGen.Jobs;

/// <summary>
/// What the engine running an unfinished run in this process knows of it (Generation keeps it with the run's context):
/// the expected seconds until it ends and what its providers billed so far, both in one lookup, so a poll of the
/// parent finds the run once and sums no children.
/// </summary>
public interface IRunProgress
{
    /// <returns>Null when the run is not in flight in this process (still queued, or run by another instance): the caller
    /// then has no ETA and sums the children's cost.</returns>
    RunProgress? Of(string parentJobId);
}

/// <param name="EtaSeconds">The expected seconds until the run ends.</param>
/// <param name="CostUsd">What its providers billed so far; null while nothing was billed.</param>
public readonly record struct RunProgress(double EtaSeconds, decimal? CostUsd);

/// <summary>Without the generation engine no run is in flight here.</summary>
internal sealed class NoRunProgress : IRunProgress
{
    public RunProgress? Of(string parentJobId) => null;
}
