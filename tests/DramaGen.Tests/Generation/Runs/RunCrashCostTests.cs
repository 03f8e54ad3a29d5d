using System.Net;
using System.Net.Http.Json;
using DramaGen.Generation.Runs;
using DramaGen.Jobs;
using DramaGen.Tests.Dramas;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DramaGen.Tests.Generation.Runs;

/// <summary>A run that crashes still ends the way every run ends: failed, with what its nodes billed stored on the parent.</summary>
public sealed class RunCrashCostTests
{
    [Fact]
    public async Task A_crashed_run_stores_what_its_children_billed_with_its_failure()
    {
        await using var app = new DramaGenApplication(services: services =>
            services.Replace(ServiceDescriptor.Singleton<IRunScheduler, BillThenCrashScheduler>()));
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/dramas", SampleDramas.Document("drama_crashcost"))).StatusCode);

        var accepted = await client.PostAsync("/dramas/drama_crashcost/generate", null);
        var finished = await client.WaitForJobAsync(accepted);

        Assert.Equal("failed", JobWaiting.Status(finished));
        Assert.StartsWith("internal error: InvalidOperationException", finished["error"]!.GetValue<string>());
        Assert.Equal(0.42m, (decimal)finished["cost_usd"]!);
        var stored = app.Services.GetRequiredService<IJobStore>().Get(finished["job_id"]!.GetValue<string>())!;
        Assert.Equal(0.42m, stored.CostUsd);
    }

    /// <summary>Writes a bill into the run's first node, as a provider call would, then fails the way a bug would.</summary>
    private sealed class BillThenCrashScheduler(IJobStore jobs) : IRunScheduler
    {
        public async Task RunAsync(RunContext run, CancellationToken cancellationToken)
        {
            await jobs.UpdateAsync(run.JobIdOf(run.Nodes[0]), job => job.CostUsd = 0.42m, cancellationToken);
            throw new InvalidOperationException("the scheduler broke");
        }
    }
}
