using System.Text.Json.Nodes;
using DramaGen.Jobs;

namespace DramaGen.Costs;

/// <summary>Writes what a job's provider calls billed into its record: added to what earlier attempts billed, never replacing it.</summary>
public static class JobCosts
{
    public const string UsageField = "usage";
    public const string UnpricedField = "cost_unpriced";
    public const string EstimateField = "cost_estimate_usd";

    public static void Add(JobRecord job, Priced billed, string userId)
    {
        if (billed.Lines.Count == 0)
        {
            return;
        }
        job.CostUsd = (job.CostUsd ?? 0m) + billed.Usd;
        job.Metadata[Budgets.BilledToField] = userId;
        if (job.Metadata[UsageField] is not JsonArray usage)
        {
            job.Metadata[UsageField] = usage = [];
        }
        foreach (var line in billed.Lines)
        {
            usage.Add(new JsonObject
            {
                ["provider"] = line.Usage.Provider,
                ["model"] = line.Usage.Model,
                ["unit"] = line.Usage.Unit,
                ["quantity"] = line.Usage.Quantity,
                ["size"] = line.Usage.Size,
                ["cost_usd"] = line.Usd,
            });
        }
        if (billed.Unpriced)
        {
            job.Metadata[UnpricedField] = true;
        }
    }
}
