using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using DramaGen.Jobs;
using DramaGen.Jobs.Postgres;
using DramaGen.Providers;
using DramaGen.Tests.Dramas;
using DramaGen.Tests.Generation.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace DramaGen.Tests.Jobs.Postgres;

/// <summary>
/// The service in-process on JOB_STORE=postgres (WORK_DISTRIBUTION=local): the poll of a run it executes is answered from
/// the copy its own writes keep (<see cref="RunMirrors"/>), and that answer is what PostgreSQL holds.
/// </summary>
public sealed class PollOfARunExecutedHereTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_poll_of_a_run_executing_here_answers_its_counts_and_children_as_PostgreSQL_holds_them()
    {
        var sequence = new CallSequence();
        var image = new FakeImageProvider(TimeProvider.System, sequence);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        // Two images go through; the third and later wait, so the run stops mid-way with nodes of every status.
        image.Instrument.OnCall = _ =>
        {
            if (Interlocked.Increment(ref calls) <= 2) return Task.CompletedTask;
            held.TrySetResult();
            return gate.Task;
        };
        await using var app = new DramaGenApplication(new Dictionary<string, string?>
        {
            ["JOB_STORE"] = "postgres", ["DATABASE_URL"] = _database.Url, ["IMAGE_MAX_CONCURRENCY"] = "1",
        }, services =>
        {
            services.AddSingleton<IImageProvider>(image);
            services.AddSingleton<IVideoProvider>(new FakeVideoProvider(TimeProvider.System, sequence));
        });
        try
        {
            var client = app.CreateClient();
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/dramas", SampleDramas.Document("drama_here", scenes: 4))).StatusCode);
            var generating = await client.PostAsync("/dramas/drama_here/generate", null);
            var location = generating.Headers.Location!.OriginalString;
            var parentJobId = location[(location.LastIndexOf('/') + 1)..];
            await held.Task.WithinPatience();

            var answer = await client.WaitForJobAsync(location, job => AsStored(job) == Stored(parentJobId));

            Assert.Equal("running", answer["status"]!.GetValue<string>());
            Assert.True(answer["completed_jobs"]!.GetValue<int>() >= 2, answer.ToJsonString());
            Assert.Equal(1, answer["running_jobs"]!.GetValue<int>());
            Assert.True(answer["pending_jobs"]!.GetValue<int>() > 0, answer.ToJsonString());
            // Answered from the copy: it is loaded while the run executes here.
            Assert.NotNull(app.Services.GetRequiredService<RunMirrors>().Find(parentJobId)?.TryRead(children: false, offset: 0, limit: 1));
            gate.TrySetResult();
            var finished = await client.WaitForJobAsync(location);
            Assert.Equal(("completed", Stored(parentJobId)), (finished["status"]!.GetValue<string>(), AsStored(finished)));
        }
        finally
        {
            gate.TrySetResult();
        }
    }

    /// <summary>The answer's counts and children, one JSON text per line.</summary>
    private static string AsStored(JsonObject job) => string.Join("\n",
        [Counts(job["total_jobs"], job["completed_jobs"], job["failed_jobs"], job["running_jobs"], job["pending_jobs"], job["skipped_jobs"]),
         .. job["jobs"]!.AsArray().Select(child => child!.ToJsonString())]);

    /// <summary>The same as PostgreSQL holds it, read as another instance would.</summary>
    private string Stored(string parentJobId)
    {
        using var store = new PostgresJobStore(_database.DataSource);
        var counts = store.CountChildren(parentJobId);
        return string.Join("\n",
            [Counts(counts.Total, counts.Completed, counts.Failed, counts.Running, counts.Pending, counts.Skipped),
             .. store.ListChildren(parentJobId).Select(child => JsonNode.Parse(JsonSerializer.Serialize(child, JobJson.Options))!.ToJsonString())]);
    }

    private static string Counts(params object?[] counts) => string.Join(",", counts.Select(count => count?.ToString()));
}
