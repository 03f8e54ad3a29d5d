using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using DramaGen.Dramas;
using DramaGen.Http;
using DramaGen.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DramaGen.Costs;

/// <summary>GET /dramas/{dramaId}/costs: what the drama's provider calls cost over all its runs, from the job records.</summary>
public static class CostEndpoints
{
    public static IEndpointRouteBuilder MapCosts(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/dramas/{dramaId}").WithTags("Costs").ValidateRouteIds().ProducesProblem(400).ProducesProblem(404)
            .MapGet("/costs", GetAsync)
            .WithSummary("The drama's spend over all runs: total, by run, capability, provider and model (USD, as the providers billed it)");
        return routes;
    }

    public static async Task<Results<Ok<DramaCosts>, ProblemHttpResult>> GetAsync(string dramaId, IJobStore jobs, DramaRepository dramas,
        PriceTable prices, CancellationToken cancellationToken)
    {
        var all = await jobs.ListByDramaAsync(dramaId, cancellationToken);
        if (all.Count == 0 && await dramas.GetAsync(dramaId, cancellationToken) is null)
        {
            return Problems.NotFound($"Drama '{dramaId}' was not found.");
        }
        return TypedResults.Ok(DramaCosts.Of(dramaId, all, prices.CheckedOn));
    }
}

/// <param name="UnpricedJobs">Jobs part of whose usage had no price: the totals leave it out.</param>
public sealed record DramaCosts(
    [property: JsonPropertyName("drama_id")] string DramaId,
    [property: JsonPropertyName("total_usd")] decimal TotalUsd,
    [property: JsonPropertyName("unpriced_jobs")] int UnpricedJobs,
    [property: JsonPropertyName("runs")] IReadOnlyList<RunCost> Runs,
    [property: JsonPropertyName("by_capability")] IReadOnlyDictionary<string, decimal> ByCapability,
    [property: JsonPropertyName("by_provider")] IReadOnlyDictionary<string, decimal> ByProvider,
    [property: JsonPropertyName("by_model")] IReadOnlyDictionary<string, decimal> ByModel,
    [property: JsonPropertyName("prices_checked_on")] string PricesCheckedOn)
{
    /// <summary>Authoring jobs bill text; a run's children bill what their job type says.</summary>
    private static readonly HashSet<string> TextJobTypes = new(StringComparer.Ordinal) { "drama", "improve", "critique" };

    public static DramaCosts Of(string dramaId, IReadOnlyList<JobRecord> jobs, string checkedOn)
    {
        var byCapability = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        var byProvider = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        var byModel = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        var byRun = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var total = 0m;
        var unpriced = 0;
        foreach (var job in jobs)
        {
            if (job.Metadata[JobCosts.UnpricedField] is not null)
            {
                unpriced++;
            }
            if (job.Metadata[JobCosts.UsageField] is not JsonArray usage)
            {
                continue;
            }
            var capability = TextJobTypes.Contains(job.JobType) ? "text" : job.JobType;
            var run = job.ParentJobId ?? job.JobId;
            foreach (var line in usage.OfType<JsonObject>())
            {
                if (line["cost_usd"]?.GetValue<decimal>() is not { } usd)
                {
                    continue;
                }
                var provider = line["provider"]?.GetValue<string>() ?? "";
                total += usd;
                byRun[run] = byRun.GetValueOrDefault(run) + usd;
                byCapability[capability] = byCapability.GetValueOrDefault(capability) + usd;
                byProvider[provider] = byProvider.GetValueOrDefault(provider) + usd;
                var model = $"{provider}/{line["model"]?.GetValue<string>()}";
                byModel[model] = byModel.GetValueOrDefault(model) + usd;
            }
        }
        var runs = jobs.Where(job => job.ParentJobId is null)
            .Select(job => new RunCost(job.JobId, job.JobType, job.Status.ToWire(), job.CreatedAt, byRun.GetValueOrDefault(job.JobId)))
            .ToList();
        return new DramaCosts(dramaId, total, unpriced, runs, byCapability, byProvider, byModel, checkedOn);
    }
}

/// <summary>One generation run (a parent job) or writing job, newest first.</summary>
public sealed record RunCost(
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("job_type")] string JobType,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("cost_usd")] decimal CostUsd);
