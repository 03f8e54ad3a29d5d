using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DramaGen.Tests.Dramas;

namespace DramaGen.Tests.Costs;

/// <summary>
/// Budgets on the embedded providers priced as a drill (PRICES:local:*): a run's max_cost_usd, and DAILY_BUDGET_USD shared
/// by many runs at once. A node that would cross a budget is not run (failed, reason "budget"); nothing is paid twice.
/// </summary>
public sealed class BudgetTests
{
    private static Dictionary<string, string?> Settings(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["PRICES:local:*:per_image"] = "0.01",
            ["PRICES:local:*:per_video_second"] = "0.01",
            ["LOCAL_MEDIA_SIZE"] = "64",
            ["DEFAULT_VIDEO_DURATION"] = "10",
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }
        return settings;
    }

    private static async Task<JsonObject> PlanCostAsync(HttpClient client, string dramaId) =>
        (await client.GetFromJsonAsync<JsonObject>($"/dramas/{dramaId}/plan"))!["cost"]!.AsObject();

    /// <summary>The most a single node of the plan is estimated to cost.</summary>
    private static async Task<decimal> LargestNodeEstimateAsync(HttpClient client, string dramaId) =>
        (await client.GetFromJsonAsync<JsonObject>($"/dramas/{dramaId}/plan"))!["nodes"]!.AsArray()
            .Max(node => (decimal?)node!["estimatedCostUsd"] ?? 0m);

    private static async Task<decimal> SpentAsync(HttpClient client, string dramaId) =>
        (decimal)(await client.GetFromJsonAsync<JsonObject>($"/dramas/{dramaId}/costs"))!["total_usd"]!;

    private static void AssertRefusalsAreBudget(JsonObject parent)
    {
        var children = parent["jobs"]!.AsArray().Select(child => child!.AsObject()).ToList();
        var failed = children.Where(child => JobWaiting.Status(child) == "failed").ToList();
        Assert.All(failed, child =>
        {
            Assert.Equal("budget", (string?)child["metadata"]!["reason"]);
            Assert.StartsWith("budget:", (string?)child["error"]);
            Assert.Null(child["cost_usd"]);
        });
        Assert.All(children.Where(child => JobWaiting.Status(child) == "skipped"), child => Assert.StartsWith("dependency ", (string?)child["error"]));
    }

    /// <param name="dramasBudgeted">The budget is 60 % of what this many of the (identical) dramas cost: one, or all ten.</param>
    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    public async Task Ten_runs_started_at_once_never_spend_more_than_the_daily_budget_plus_one_node_estimate(int dramasBudgeted)
    {
        const int Runs = 10;
        // The budget is set from the plan of one drama (they are all alike).
        decimal perDrama, largestNode;
        await using (var probe = new DramaGenApplication(Settings()))
        {
            var client = probe.CreateClient();
            await client.PostAsJsonAsync("/dramas", SampleDramas.Document("drama_probe"));
            perDrama = (decimal)(await PlanCostAsync(client, "drama_probe"))["totalUsd"]!;
            largestNode = await LargestNodeEstimateAsync(client, "drama_probe");
        }
        var budget = 0.6m * dramasBudgeted * perDrama;
        await using var app = new DramaGenApplication(Settings(("DAILY_BUDGET_USD", budget.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var http = app.CreateClient();
        var ids = Enumerable.Range(1, Runs).Select(n => $"drama_budget_{n}").ToList();
        foreach (var id in ids)
        {
            Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/dramas", SampleDramas.Document(id))).StatusCode);
        }

        // Asked to run what fits: with a budget below one drama's estimate every run would be refused up front otherwise.
        var started = await Task.WhenAll(ids.Select(id => http.PostAsJsonAsync($"/dramas/{id}/generate", new { run_what_fits = true })));
        Assert.All(started, response => Assert.Equal(HttpStatusCode.Accepted, response.StatusCode));
        var parents = new List<JsonObject>();
        foreach (var response in started)
        {
            parents.Add(await http.WaitForJobAsync(response));
        }

        var spent = 0m;
        foreach (var id in ids)
        {
            spent += await SpentAsync(http, id);
        }
        Assert.InRange(spent, budget - largestNode, budget + largestNode);
        Assert.Equal(spent, parents.Sum(parent => (decimal?)parent["cost_usd"] ?? 0m));
        Assert.Contains(parents, parent => (string?)parent["status"] == "failed");
        Assert.All(parents, AssertRefusalsAreBudget);
    }

    [Fact]
    public async Task A_run_over_its_max_cost_is_refused_up_front_runs_what_fits_when_asked_and_resumes_without_paying_twice()
    {
        await using var app = new DramaGenApplication(Settings());
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/dramas", SampleDramas.Document("drama_cap"))).StatusCode);
        var estimate = (decimal)(await PlanCostAsync(client, "drama_cap"))["totalUsd"]!;
        var largestNode = await LargestNodeEstimateAsync(client, "drama_cap");
        var cap = 0.6m * estimate;

        var refused = await client.PostAsJsonAsync("/dramas/drama_cap/generate", new { max_cost_usd = cap });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problem = (await refused.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(estimate, (decimal)problem["estimate"]!["totalUsd"]!);
        Assert.Equal(cap, (decimal)problem["budgetLeftUsd"]!);
        Assert.Empty((await client.GetFromJsonAsync<JsonArray>("/dramas/drama_cap/jobs"))!);

        var partial = await client.WaitForJobAsync(await client.PostAsJsonAsync("/dramas/drama_cap/generate", new { max_cost_usd = cap, run_what_fits = true }));
        Assert.Equal("failed", JobWaiting.Status(partial));
        AssertRefusalsAreBudget(partial);
        var first = (decimal)partial["cost_usd"]!;
        Assert.InRange(first, cap - largestNode, cap);

        var resumed = await client.WaitForJobAsync(await client.PostAsJsonAsync("/dramas/drama_cap/resume", new { max_cost_usd = estimate }));
        Assert.Equal("completed", JobWaiting.Status(resumed));
        Assert.Equal(estimate - first, (decimal)resumed["cost_usd"]!);
        Assert.Equal(estimate, await SpentAsync(client, "drama_cap"));
        Assert.Equal(0m, (decimal)(await PlanCostAsync(client, "drama_cap"))["totalUsd"]!);
    }

    [Fact]
    public async Task The_drama_budget_counts_every_run_of_the_drama()
    {
        await using var app = new DramaGenApplication(Settings(("DRAMA_BUDGET_USD", "0.05")));
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/dramas", SampleDramas.Document("drama_capped"))).StatusCode);

        var first = await client.WaitForJobAsync(await client.PostAsJsonAsync("/dramas/drama_capped/generate", new { run_what_fits = true }));
        var spent = (decimal)first["cost_usd"]!;
        Assert.InRange(spent, 0.01m, 0.05m);
        var again = await client.PostAsync("/dramas/drama_capped/resume", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        var problem = (await again.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(0.05m - spent, (decimal)problem["budgetLeftUsd"]!);
        Assert.Equal("DRAMA_BUDGET_USD", (string?)problem["budget"]);
    }
}
