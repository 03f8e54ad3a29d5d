using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DramaGen.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace DramaGen.Tests.Jobs;

public sealed class JobEndpointsTests
{
    private static async Task SeedRunAsync(DramaGenApplication app)
    {
        var jobs = app.Services.GetRequiredService<IJobStore>();
        var now = DateTimeOffset.UtcNow;
        await jobs.CreateAsync(new JobRecord { JobId = "job_parent", DramaId = "drama_j", JobType = "dag", Status = JobStatus.Running, CreatedAt = now });
        var statuses = new[] { JobStatus.Completed, JobStatus.Completed, JobStatus.Failed, JobStatus.Running, JobStatus.Pending, JobStatus.Skipped };
        for (var i = 0; i < statuses.Length; i++)
        {
            await jobs.CreateAsync(new JobRecord
            {
                JobId = $"job_child{i}", DramaId = "drama_j", ParentJobId = "job_parent", JobType = "image",
                AssetId = $"char_c00{i}", Status = statuses[i], CreatedAt = now.AddMilliseconds(i + 1),
            });
        }
    }

    [Fact]
    public async Task Parent_poll_adds_counts_and_children()
    {
        await using var app = new DramaGenApplication();
        var client = app.CreateClient();
        await SeedRunAsync(app);
        var job = await client.GetFromJsonAsync<JsonObject>("/dramas/drama_j/jobs/job_parent");
        Assert.Equal((6, 2, 1, 1, 1, 1), (
            job!["total_jobs"]!.GetValue<int>(), job["completed_jobs"]!.GetValue<int>(), job["failed_jobs"]!.GetValue<int>(),
            job["running_jobs"]!.GetValue<int>(), job["pending_jobs"]!.GetValue<int>(), job["skipped_jobs"]!.GetValue<int>()));
        Assert.Equal(6, job["jobs"]!.AsArray().Count);
        Assert.Equal("job_parent", job["jobs"]![0]!["parent_job_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Child_poll_is_the_plain_record_in_snake_case()
    {
        await using var app = new DramaGenApplication();
        var client = app.CreateClient();
        await SeedRunAsync(app);
        var job = await client.GetFromJsonAsync<JsonObject>("/dramas/drama_j/jobs/job_child2");
        Assert.Equal("failed", job!["status"]!.GetValue<string>());
        Assert.Equal("char_c002", job["asset_id"]!.GetValue<string>());
        Assert.Null(job["total_jobs"]);
    }

    [Fact]
    public async Task List_is_newest_first()
    {
        await using var app = new DramaGenApplication();
        var client = app.CreateClient();
        await SeedRunAsync(app);
        var jobs = await client.GetFromJsonAsync<JsonArray>("/dramas/drama_j/jobs");
        Assert.Equal(7, jobs!.Count);
        Assert.Equal("job_child5", jobs[0]!["job_id"]!.GetValue<string>());
        Assert.Equal("job_parent", jobs[^1]!["job_id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/dramas/drama_j/jobs/job_missing", HttpStatusCode.NotFound)]
    [InlineData("/dramas/drama_other/jobs/job_parent", HttpStatusCode.NotFound)]
    [InlineData("/dramas/drama_j/jobs/job.x", HttpStatusCode.BadRequest)]
    [InlineData("/dramas/drama$/jobs", HttpStatusCode.BadRequest)]
    public async Task Unknown_or_foreign_or_invalid_job_is_a_problem(string url, HttpStatusCode expected)
    {
        await using var app = new DramaGenApplication();
        var client = app.CreateClient();
        await SeedRunAsync(app);
        var response = await client.GetAsync(url);
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Premise_job_goes_from_pending_to_completed_and_names_the_drama()
    {
        await using var app = new DramaGenApplication();
        var client = app.CreateClient();
        var accepted = await client.PostAsJsonAsync("/dramas", new { premise = "Two rival bakers share one oven.", episodes = 1, scenesPerEpisode = 2 });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var body = await accepted.Content.ReadFromJsonAsync<JsonObject>();
        var location = accepted.Headers.Location!.OriginalString;
        Assert.Equal($"/dramas/{body!["dramaId"]}/jobs/{body["jobId"]}", location);

        var job = await client.WaitForJobAsync(location);

        Assert.Equal("completed", job["status"]!.GetValue<string>());
        var dramaId = job["result"]!["dramaId"]!.GetValue<string>();
        var drama = await client.GetFromJsonAsync<JsonObject>($"/dramas/{dramaId}");
        Assert.Equal(2, drama!["episodes"]![0]!["scenes"]!.AsArray().Count);
    }
}
