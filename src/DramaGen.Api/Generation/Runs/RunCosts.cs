using DramaGen.Jobs;

namespace DramaGen.Generation.Runs;

/// <summary>The live cost of each run in flight here: its context's running total (seeded with what its children billed before a resume).</summary>
public sealed class RunCosts(RunEtas runs) : IRunCost
{
    public bool TryGetCostUsd(string parentJobId, out decimal? costUsd)
    {
        var run = runs.Find(parentJobId);
        costUsd = run?.BilledUsd;
        return run is not null;
    }
}
