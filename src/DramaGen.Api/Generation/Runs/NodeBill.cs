using DramaGen.Costs;
using DramaGen.Jobs;
using DramaGen.Providers;

namespace DramaGen.Generation.Runs;

/// <summary>
/// What one execution of a node billed: priced and settled against the budgets once, and written into the child job
/// once (a node that fails after its result was recorded must not count it again).
/// </summary>
internal sealed class NodeBill(ProviderUsage usage, PriceTable prices, Budgets budgets, Reservation reservation, RunContext run, string userId)
{
    private Priced? _billed;
    private bool _written;

    /// <param name="measured">Usage only known from the output (the seconds of speech).</param>
    public void Settle(BilledUsage? measured = null)
    {
        if (_billed is not null)
        {
            return;
        }
        _billed = prices.Sum(measured is null ? usage.Items : [.. usage.Items, measured]);
        budgets.Settle(reservation, _billed.Usd);
        if (_billed.Lines.Count > 0)
        {
            run.AddCost(_billed.Usd);
        }
    }

    /// <summary>Adds the bill to the job (a mutation the store may repeat on the same snapshot, so it is guarded by the first write).</summary>
    public void WriteTo(JobRecord job)
    {
        Settle();
        if (_written)
        {
            return;
        }
        _written = true;
        JobCosts.Add(job, _billed!, userId);
    }
}
