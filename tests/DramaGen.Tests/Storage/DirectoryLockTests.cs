using System.Diagnostics;
using DramaGen.Storage;

namespace DramaGen.Tests.Storage;

/// <summary>
/// The local store's lock is a real flock shared with other processes: flock(1), another process, cannot take it while
/// the store holds it, and the store waits for it while flock(1) holds it.
/// </summary>
public sealed class DirectoryLockTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dramagen-lock-").FullName;

    private string LockFile => Path.Combine(_directory, DirectoryLock.FileName);

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Another_process_cannot_take_the_lock_while_it_is_held_and_can_once_it_is_released()
    {
        using (await DirectoryLock.AcquireAsync(_directory, CancellationToken.None))
        {
            Assert.Equal(1, await TryLockElsewhereAsync());
        }

        Assert.Equal(0, await TryLockElsewhereAsync());
    }

    [Fact]
    public async Task The_lock_is_taken_once_another_process_holding_it_lets_go()
    {
        var holder = Process.Start(new ProcessStartInfo("flock", [LockFile, "-c", "echo locked; cat"])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false,
        })!;
        try
        {
            Assert.Equal("locked", await holder.StandardOutput.ReadLineAsync());
            var acquiring = DirectoryLock.AcquireAsync(_directory, CancellationToken.None);

            holder.StandardInput.Close();
            await holder.WaitForExitAsync();

            using (await acquiring)
            {
                Assert.Equal(1, await TryLockElsewhereAsync());
            }
        }
        finally
        {
            if (!holder.HasExited)
            {
                holder.Kill();
            }
            holder.Dispose();
        }
    }

    /// <summary>flock -n: 0 when it could take the lock at once, 1 when another holder has it.</summary>
    private async Task<int> TryLockElsewhereAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("flock", ["-n", LockFile, "true"]) { UseShellExecute = false })!;
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
