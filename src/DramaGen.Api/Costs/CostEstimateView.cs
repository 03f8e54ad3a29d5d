namespace DramaGen.Costs;

/// <summary>What a run would cost: the total of its priced nodes, by capability and by provider, and how many have no price.</summary>
/// <param name="TotalUsd">The priced nodes' sum; with <paramref name="UnpricedNodes"/> above 0 the real total is higher by an unknown amount.</param>
/// <param name="PricedAs">"providers" (the ones in use; the embedded ones cost 0) or "configured" (the real providers the settings name).</param>
/// <param name="PricesCheckedOn">When the price table was last checked against the providers' pricing pages.</param>
public sealed record CostEstimateView(decimal TotalUsd, int Nodes, int UnpricedNodes, IReadOnlyDictionary<string, decimal> ByCapability,
    IReadOnlyDictionary<string, decimal> ByProvider, string PricedAs, string PricesCheckedOn)
{
    public const string AsProviders = "providers";
    public const string AsConfigured = "configured";

    public bool IsComplete => UnpricedNodes == 0;

    public static CostEstimateView Of(IEnumerable<(string Capability, NodeEstimate Estimate)> nodes, bool priceAsConfigured, string checkedOn)
    {
        var total = 0m;
        var count = 0;
        var unpriced = 0;
        var byCapability = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        var byProvider = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (capability, estimate) in nodes)
        {
            count++;
            if (estimate.Usd is not { } usd)
            {
                unpriced++;
                continue;
            }
            total += usd;
            byCapability[capability] = byCapability.GetValueOrDefault(capability) + usd;
            byProvider[estimate.Provider] = byProvider.GetValueOrDefault(estimate.Provider) + usd;
        }
        return new CostEstimateView(total, count, unpriced, byCapability, byProvider, priceAsConfigured ? AsConfigured : AsProviders, checkedOn);
    }
}
