namespace DramaGen.Jobs;

/// <summary>
/// What an unfinished run's providers billed so far, as the engine running it in this process counts it (Generation
/// keeps it in the run's context), so polling the run sums no children.
/// </summary>
public interface IRunCost
{
    /// <param name="costUsd">The billed total; null while nothing was billed.</param>
    /// <returns>False when the run is not in flight in this process: the caller sums its children instead.</returns>
    bool TryGetCostUsd(string parentJobId, out decimal? costUsd);
}

/// <summary>Without the generation engine no run is in flight here.</summary>
internal sealed class NoRunCost : IRunCost
{
    public bool TryGetCostUsd(string parentJobId, out decimal? costUsd)
    {
        costUsd = null;
        return false;
    }
}
