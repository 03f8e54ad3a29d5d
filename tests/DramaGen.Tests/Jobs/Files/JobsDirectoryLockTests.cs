using DramaGen.Configuration;
using DramaGen.Jobs;
using DramaGen.Jobs.Files;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using DramaGen.Tests.VirtualTime;
using Microsoft.Extensions.Time.Testing;

namespace DramaGen.Tests.Jobs.Files;

public sealed class JobsDirectoryLockTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dramagen-lock-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private JobsDirectoryLock Lock(TimeProvider clock, int waitSeconds) =>
        new(Options.Create(new JobsOptions { JobsDir = _directory, LockWaitSeconds = waitSeconds }), Options.Create(new JobStoreOptions()), clock,
            NullLogger<JobsDirectoryLock>.Instance);

    private FileStream HoldLikeAnotherProcess() =>
        new(Path.Combine(_directory, JobsDirectoryLock.FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

    [Fact]
    public async Task A_second_service_on_the_same_JOBS_DIR_does_not_start_while_the_first_holds_it()
    {
        await using var first = new DramaGenApplication(new Dictionary<string, string?> { ["JOBS_DIR"] = _directory });
        first.CreateClient();

        await using var second = new DramaGenApplication(new Dictionary<string, string?> { ["JOBS_DIR"] = _directory, ["JOBS_LOCK_WAIT_SECONDS"] = "0" });
        var refused = Assert.ThrowsAny<Exception>(second.StartDirectly);

        Assert.Contains(Path.GetFullPath(_directory), refused.ToString());
    }

    [Fact]
    public async Task A_waiting_process_takes_the_lock_once_the_holder_exits()
    {
        var clock = new FakeTimeProvider();
        using var holder = HoldLikeAnotherProcess();
        using var waiting = Lock(clock, waitSeconds: 60);

        var started = waiting.StartAsync(CancellationToken.None);
        Assert.False(started.IsCompleted);
        holder.Dispose();
        clock.Advance(TimeSpan.FromSeconds(1));
        await started.WithinPatience();

        Assert.Throws<IOException>(() => HoldLikeAnotherProcess().Dispose());
    }

    [Fact]
    public async Task A_process_that_waited_in_vain_stops_naming_the_directory()
    {
        var clock = new WatchedTimeProvider(new FakeTimeProvider());
        using var holder = HoldLikeAnotherProcess();
        using var waiting = Lock(clock, waitSeconds: 3);

        var started = waiting.StartAsync(CancellationToken.None);
        // The clock moves only while the lock waits for its next try, so no tick is lost however slow the machine.
        await new VirtualTimeDriver(clock.Clock, clock).RunUntilAsync(started);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => started);
        Assert.Contains(Path.GetFullPath(_directory), failure.Message);
        Assert.True(clock.GetUtcNow() - clock.Clock.Start >= TimeSpan.FromSeconds(3));
    }
}
