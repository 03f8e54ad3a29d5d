using DramaGen.Jobs;
using DramaGen.Tests.VirtualTime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DramaGen.Tests.Generation.Events;

public sealed class RunEventHeartbeatTests
{
    [Fact]
    public async Task Quiet_stream_gets_heartbeats_and_ends_when_the_job_files_say_the_run_finished()
    {
        var time = new WatchedTimeProvider(new FakeTimeProvider(DateTimeOffset.Parse("2026-11-23T10:00:00Z")));
        await using var app = new DramaGenApplication(services: services => services.AddSingleton<TimeProvider>(time));
        var store = app.Services.GetRequiredService<IJobStore>();
        var parent = await RunJobs.CreateAsync(store, "drama_a", "char_c001");
        await using var stream = await SseReader.OpenAsync(app.CreateClient(), $"/dramas/drama_a/jobs/{parent.JobId}/events");
        Assert.Equal("node", (await stream.NextEventAsync()).Event);
        Assert.Equal("progress", (await stream.NextEventAsync()).Event);

        var heartbeat = await NextInVirtualTimeAsync(time, stream);
        Assert.Equal("heartbeat", heartbeat.Comment);

        // Nobody publishes: the parent job just becomes final, as a job outside the engine (or a crashed run) would.
        await store.UpdateAsync(RunJobs.ChildId(parent.JobId, "char_c001"), job => job.Status = JobStatus.Failed);
        await store.UpdateAsync(parent.JobId, job => job.Status = JobStatus.Failed);
        var progress = await NextInVirtualTimeAsync(time, stream, m => m.Comment is null);
        var rest = await stream.ReadToEndAsync();

        Assert.Equal("progress", progress.Event);
        Assert.Equal(1, (int)progress.Json["failed_jobs"]!);
        Assert.Equal(["end"], rest.Select(e => e.Event));
        Assert.Equal("failed", (string?)rest[0].Json["status"]);
    }

    /// <summary>
    /// The next message (that matches), in virtual time: the clock moves only while the server sits waiting on a
    /// timer (its heartbeat), and then straight to that timer, so no real time decides what the stream sends.
    /// </summary>
    private static async Task<SseMessage> NextInVirtualTimeAsync(WatchedTimeProvider time, SseReader stream, Func<SseMessage, bool>? match = null)
    {
        while (true)
        {
            var next = stream.NextAsync(JobWaiting.Budget);
            await new VirtualTimeDriver(time.Clock, time).RunUntilAsync(next);
            var message = await next ?? throw new InvalidOperationException("The stream ended.");
            if (match is null || match(message)) return message;
        }
    }
}
