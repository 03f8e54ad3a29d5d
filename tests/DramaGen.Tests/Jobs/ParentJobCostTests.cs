using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DramaGen.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DramaGen.Tests.Jobs;

/// <summary>
/// A parent's cost_usd as polled: a finished run answers what was stored with its end, a run in flight here what the
/// engine counted; only a run in flight elsewhere (or still queued) has its children summed.
/// </summary>
public sealed class ParentJobCostTests
{
    // The children billed 1.00 + 2.00; the parent's own figures differ on purpose, to tell which one a poll answers.
    private static async Task SeedAsync(DramaGenApplication app, JobStatus parentStatus, decimal? storedCost)
    {
        var jobs = app.Services.GetRequiredService<IJobStore>();
        var now = DateTimeOffset.UtcNow;
        await jobs.CreateAsync(new JobRecord
        {
            JobId = "job_parent", DramaId = "drama_c", JobType = ParentJobView.DagJobType, Status = parentStatus, CreatedAt = now, CostUsd = storedCost,
        });
        for (var i = 0; i < 2; i++)
        {
            await jobs.CreateAsync(new JobRecord
            {
                JobId = $"job_child{i}", DramaId = "drama_c", ParentJobId = "job_parent", JobType = "image", AssetId = $"char_c00{i}",
                Status = JobStatus.Completed, CreatedAt = now.AddMilliseconds(i + 1), CostUsd = i + 1m,
            });
        }
    }

    private static async Task<decimal?> PolledCostAsync(DramaGenApplication app) =>
        (decimal?)(await app.CreateClient().GetFromJsonAsync<JsonObject>("/dramas/drama_c/jobs/job_parent?children=false"))!["cost_usd"];

    [Fact]
    public async Task A_finished_run_answers_the_cost_stored_with_its_end()
    {
        await using var app = new DramaGenApplication();
        await SeedAsync(app, JobStatus.Completed, storedCost: 2.5m);

        Assert.Equal(2.5m, await PolledCostAsync(app));
    }

    [Fact]
    public async Task A_run_in_flight_here_answers_the_engines_running_total()
    {
        var live = new FixedRunProgress("job_parent", 7.25m);
        await using var app = new DramaGenApplication(services: services => services.Replace(ServiceDescriptor.Singleton<IRunProgress>(live)));
        await SeedAsync(app, JobStatus.Running, storedCost: null);

        Assert.Equal(7.25m, await PolledCostAsync(app));
        Assert.Equal(["job_parent"], live.Asked);
    }

    [Fact]
    public async Task A_running_run_not_in_flight_here_sums_its_children()
    {
        await using var app = new DramaGenApplication();
        await SeedAsync(app, JobStatus.Running, storedCost: null);

        Assert.Equal(3m, await PolledCostAsync(app));
    }

    private sealed class FixedRunProgress(string parentJobId, decimal cost) : IRunProgress
    {
        public List<string> Asked { get; } = [];

        public RunProgress? Of(string jobId)
        {
            lock (Asked) Asked.Add(jobId);
            return jobId == parentJobId ? new RunProgress(EtaSeconds: 1, cost) : null;
        }
    }
}
