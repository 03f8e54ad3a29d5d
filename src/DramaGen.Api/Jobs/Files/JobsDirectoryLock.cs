using DramaGen.Configuration;
using Microsoft.Extensions.Options;

namespace DramaGen.Jobs.Files;

/// <summary>
/// An exclusive lock file (JOBS_DIR/.dramagen.lock) held for the life of the process, so two processes on one
/// JOBS_DIR (an overlapping deploy) never both resume the same runs and pay for their nodes twice. Started
/// before every worker: a second process waits up to JOBS_LOCK_WAIT_SECONDS for the first to exit, then stops
/// with a message naming the directory.
/// </summary>
internal sealed class JobsDirectoryLock(IOptions<JobsOptions> options, IOptions<JobStoreOptions> store, TimeProvider clock, ILogger<JobsDirectoryLock> logger)
    : IHostedService, IDisposable
{
    public const string FileName = ".dramagen.lock";
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);
    private FileStream? _lock;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (store.Value.Kind != JobStoreOptions.Files)
        {
            return; // Instances share PostgreSQL; JOBS_DIR holds nothing of theirs.
        }
        var directory = Path.GetFullPath(options.Value.JobsDir);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        var deadline = clock.GetUtcNow() + TimeSpan.FromSeconds(options.Value.LockWaitSeconds);
        var logged = false;
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive flock on Unix: released by the kernel when the process dies, even by SIGKILL.
                _lock = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                return;
            }
            catch (IOException) when (clock.GetUtcNow() < deadline)
            {
                if (!logged)
                {
                    logger.LogWarning("JOBS_DIR {Directory} is locked by another process; waiting up to {Seconds} s for it to exit",
                        directory, options.Value.LockWaitSeconds);
                    logged = true;
                }
                await Task.Delay(RetryInterval, clock, cancellationToken);
            }
            catch (IOException e)
            {
                throw new InvalidOperationException(
                    $"JOBS_DIR {directory} is in use by another DramaGen process (lock file {path}); stopping so its runs are not run twice.", e);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _lock?.Dispose();
}
