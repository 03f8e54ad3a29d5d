using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DramaGen.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace DramaGen.Tests.Jobs;

/// <summary>Job lists and a parent's children come in pages, so a huge run cannot make a huge answer.</summary>
public sealed class JobPagingTests
{
    private static async Task SeedAsync(DramaGenApplication app, int children)
    {
        var jobs = app.Services.GetRequiredService<IJobStore>();
        var start = DateTimeOffset.UtcNow;
        await jobs.CreateAsync(new JobRecord { JobId = "job_parent", DramaId = "drama_p", JobType = "dag", Status = JobStatus.Running, CreatedAt = start });
        for (var i = 0; i < children; i++)
        {
            await jobs.CreateAsync(new JobRecord
            {
                JobId = $"job_c{i:D4}", DramaId = "drama_p", ParentJobId = "job_parent", JobType = "image", Status = JobStatus.Pending,
                CreatedAt = start.AddSeconds(i + 1),
            });
        }
    }

    [Fact]
    public async Task Jobs_list_pages_newest_first_with_the_total_in_a_header()
    {
        await using var app = new DramaGenApplication();
        await SeedAsync(app, 250);
        var client = app.CreateClient();

        var firstDefault = await client.GetAsync("/dramas/drama_p/jobs");
        var page = await client.GetFromJsonAsync<JsonArray>("/dramas/drama_p/jobs?limit=10&offset=5");

        Assert.Equal("251", firstDefault.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal(JobEndpoints.DefaultLimit, (await firstDefault.Content.ReadFromJsonAsync<JsonArray>())!.Count);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"job_c{244 - i:D4}"), page!.Select(job => job!["job_id"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/dramas/drama_p/jobs?limit=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/dramas/drama_p/jobs?offset=-1")).StatusCode);
    }

    [Fact]
    public async Task A_parent_poll_pages_its_children_or_leaves_them_out()
    {
        await using var app = new DramaGenApplication();
        await SeedAsync(app, 30);
        var client = app.CreateClient();

        var paged = await client.GetFromJsonAsync<JsonObject>("/dramas/drama_p/jobs/job_parent?limit=5&offset=10");
        var countsOnly = await client.GetFromJsonAsync<JsonObject>("/dramas/drama_p/jobs/job_parent?children=false");

        Assert.Equal(30, paged!["total_jobs"]!.GetValue<int>());
        Assert.Equal(["job_c0010", "job_c0011", "job_c0012", "job_c0013", "job_c0014"], paged["jobs"]!.AsArray().Select(job => job!["job_id"]!.GetValue<string>()));
        Assert.Equal((30, 0), (countsOnly!["total_jobs"]!.GetValue<int>(), countsOnly["jobs"]!.AsArray().Count));
    }
}
