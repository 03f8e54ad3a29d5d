using DramaGen.Generation.Planning;
using DramaGen.Jobs;
using DramaGen.Tests.VirtualTime;
using Microsoft.Extensions.Time.Testing;

namespace DramaGen.Tests.Generation.Runs;

public sealed class ResumeTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dramagen-resume-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_run_stopped_by_shutdown_resumes_on_start_without_redoing_finished_nodes_or_resubmitting_videos()
    {
        string parentJobId;
        Dictionary<string, JobStatus> statusesAtStop;
        IReadOnlyList<string> firstCalls;
        var drama = TestDramas.Generated("drama_resume", characters: 3, episodes: 2, scenesPerEpisode: 2);
        await using (var first = await EngineHost.StartAsync(new FakeTimeProvider(), root: _root))
        {
            first.Image.Instrument.Latency = _ => TimeSpan.FromSeconds(1);
            first.Video.Instrument.Latency = _ => TimeSpan.FromSeconds(30);
            await first.CreateAsync(drama);
            var start = await first.Runs.StartAsync(drama.Id!, RunScope.WholeDrama);
            parentJobId = start.Job!.JobId;
            // Stop once two videos have been submitted (their operation ids recorded) and wait for their result.
            await new VirtualTimeDriver((FakeTimeProvider)first.Time, new EngineClockWaits(first.Activity, first.Image.Instrument, first.Video.Instrument))
                .RunUntilAsync(first.Runs.WhenFinishedAsync(parentJobId), () => first.Video.Instrument.Pending.Count(call => call.Waiting) == 2);

            await first.StopAsync();

            statusesAtStop = first.ChildStatuses(parentJobId);
            firstCalls = [.. first.Calls.Where(call => !call.Failed).Select(call => call.Node)];
            Assert.False(first.Jobs.Get(parentJobId)!.IsFinished);
            Assert.DoesNotContain(JobStatus.Running, statusesAtStop.Values);
            Assert.DoesNotContain(JobStatus.Failed, statusesAtStop.Values);
            Assert.Contains(JobStatus.Pending, statusesAtStop.Values);
        }

        await using var second = await EngineHost.StartAsync(new FakeTimeProvider(), root: _root);
        var parent = await second.FinishAsync(parentJobId);

        Assert.Equal(JobStatus.Completed, parent.Status);
        var completedBefore = statusesAtStop.Where(pair => pair.Value == JobStatus.Completed).Select(pair => pair.Key).ToHashSet();
        Assert.NotEmpty(completedBefore);
        Assert.DoesNotContain(second.Calls, call => completedBefore.Contains(call.Node));
        Assert.All(second.ChildStatuses(parentJobId).Values, status => Assert.Equal(JobStatus.Completed, status));

        // Videos submitted before the stop are polled with their recorded operation, never submitted twice.
        var graph = DramaGraph.Build(drama);
        var videos = graph.Nodes.Where(node => node.Capability == Capability.Video).Select(node => node.Id).ToList();
        var resumed = second.Video.Instrument.Calls.Where(call => call.ExistingOperationId is not null).ToList();
        Assert.Equal(2, resumed.Count);
        Assert.All(resumed, call => Assert.Equal($"op-{call.Node}", call.ExistingOperationId));
        var submissions = firstCalls.Where(videos.Contains)
            .Concat(second.Video.Instrument.Calls.Where(call => call.ExistingOperationId is null).Select(call => call.Node));
        Assert.Equal(videos.Order(), submissions.Order());
        Assert.All(second.Children(parentJobId).Where(child => child.JobType == "video"),
            child => Assert.Equal($"op-{child.AssetId}", child.Metadata["operation_id"]!.GetValue<string>()));

        var stored = (await second.Dramas.GetAsync(drama.Id!))!.Drama;
        Assert.All(stored.Episodes.SelectMany(e => e.Scenes), scene => Assert.NotNull(scene.ImageUrl));
        Assert.All(stored.Characters, character => Assert.NotNull(character.ImageUrl));
    }

    [Fact]
    public async Task Resume_runs_again_what_the_last_run_left_failed_or_skipped()
    {
        await using var host = await EngineHost.StartAsync(new FakeTimeProvider(), root: _root);
        host.Image.Instrument.Failures["scene_e001_s001"] = "temporarily unavailable";
        var drama = await host.CreateAsync(TestDramas.SeedExample());
        var failed = await host.GenerateAsync(drama.Id!);
        Assert.Equal(JobStatus.Failed, failed.Status);
        host.Image.Instrument.Failures.Clear();
        host.ResetCalls();

        var start = await host.Runs.ResumeAsync(drama.Id!);
        var resumed = await host.FinishAsync(start.Job!.JobId);

        Assert.Equal(JobStatus.Completed, resumed.Status);
        Assert.Equal(failed.JobId, resumed.Metadata["resume_of"]!.GetValue<string>());
        Assert.Equal(["scene_asset_e001_s001_a001", "scene_asset_e001_s001_a002", "scene_e001_s001"],
            host.Calls.Select(call => call.Node).Order());
    }

    [Fact]
    public async Task A_failed_video_is_resumed_with_a_new_operation_never_polling_the_failed_one()
    {
        await using var host = await EngineHost.StartAsync(new FakeTimeProvider(), root: _root);
        var drama = await host.CreateAsync(TestDramas.SeedExample());
        var video = DramaGraph.Build(drama).Nodes.First(node => node.Capability == Capability.Video).Id;
        host.Video.Instrument.Failures[video] = "operation failed: internal error";
        var failed = await host.GenerateAsync(drama.Id!);
        var failedJob = host.Children(failed.JobId).Single(child => child.AssetId == video);
        Assert.Equal(JobStatus.Failed, failedJob.Status);
        Assert.Equal($"op-{video}", failedJob.Metadata["failed_operation_id"]!.GetValue<string>());
        host.Video.Instrument.Failures.Clear();
        host.ResetCalls();

        var start = await host.Runs.ResumeAsync(drama.Id!);
        var resumed = await host.FinishAsync(start.Job!.JobId);

        Assert.Equal(JobStatus.Completed, resumed.Status);
        var call = Assert.Single(host.Video.Instrument.Calls, call => call.Node == video);
        Assert.Null(call.ExistingOperationId);
    }

    [Fact]
    public async Task A_video_edited_while_its_operation_was_pending_creates_a_new_operation()
    {
        string parentJobId, video;
        var drama = TestDramas.Generated("drama_edited_video", characters: 2, episodes: 1, scenesPerEpisode: 1);
        await using (var first = await EngineHost.StartAsync(new FakeTimeProvider(), root: _root))
        {
            first.Video.Instrument.Latency = _ => TimeSpan.FromSeconds(30);
            await first.CreateAsync(drama);
            parentJobId = (await first.Runs.StartAsync(drama.Id!, RunScope.WholeDrama)).Job!.JobId;
            await new VirtualTimeDriver((FakeTimeProvider)first.Time, new EngineClockWaits(first.Activity, first.Image.Instrument, first.Video.Instrument))
                .RunUntilAsync(first.Runs.WhenFinishedAsync(parentJobId), () => first.Video.Instrument.Pending.Any(call => call.Waiting));
            await first.StopAsync();
            video = first.Children(parentJobId).First(child => child.Metadata["operation_id"] is not null).AssetId!;
            await first.Dramas.UpdateAsync(drama.Id!, (Action<DramaGen.Dramas.Drama>)(stored =>
            {
                foreach (var asset in stored.Characters.SelectMany(c => c.Assets).Concat(stored.Episodes.SelectMany(e => e.Scenes).SelectMany(s => s.Assets)))
                {
                    asset.Prompt += " (edited)";
                }
            }));
        }

        await using var second = await EngineHost.StartAsync(new FakeTimeProvider(), root: _root);
        var parent = await second.FinishAsync(parentJobId);

        Assert.Equal(JobStatus.Completed, parent.Status);
        var calls = second.Video.Instrument.Calls.Where(call => call.Node == video).ToList();
        Assert.NotEmpty(calls);
        Assert.All(calls, call => Assert.Null(call.ExistingOperationId));
    }

    [Fact]
    public async Task Resume_without_any_run_is_not_found()
    {
        await using var host = await EngineHost.StartAsync(new FakeTimeProvider(), root: _root);
        var drama = await host.CreateAsync(TestDramas.SeedExample());

        var start = await host.Runs.ResumeAsync(drama.Id!);

        Assert.Equal(DramaGen.Generation.Runs.RunStartStatus.NotFound, start.Status);
    }

    [Fact]
    public async Task Cancelling_a_drama_stops_its_run_and_marks_it_failed()
    {
        await using var host = await EngineHost.StartAsync(new FakeTimeProvider(), root: _root);
        host.Video.Instrument.Latency = _ => TimeSpan.FromHours(1);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Video.Instrument.OnCall = _ => { started.TrySetResult(); return Task.CompletedTask; };
        var drama = await host.CreateAsync(TestDramas.SeedExample());
        var start = await host.Runs.StartAsync(drama.Id!, RunScope.WholeDrama);
        await new VirtualTimeDriver((FakeTimeProvider)host.Time, new EngineClockWaits(host.Activity, host.Image.Instrument, host.Video.Instrument))
            .RunUntilAsync(started.Task);

        await host.Runs.CancelDramaAsync(drama.Id!).WithinPatience();

        var parent = host.Jobs.Get(start.Job!.JobId)!;
        Assert.Equal(JobStatus.Failed, parent.Status);
        Assert.Contains("deleted", parent.Error);
        Assert.All(host.Children(parent.JobId), child => Assert.True(child.IsFinished));
        Assert.Equal(0, host.Video.Instrument.InFlight);
    }
}
