namespace DramaGen.Storage;

/// <summary>
/// An exclusive lock on a directory shared by every process on the machine: the file <c>.lock</c> in it, held open
/// with FileShare.None, which .NET takes as flock(LOCK_EX) on Linux and as a share-mode lock on Windows. The kernel
/// drops it when the holder exits, however it exits, so a killed process never leaves the directory locked.
/// </summary>
/// <remarks>
/// The lock file is never deleted: deleting it while another process waits on the old file would let two holders
/// in at once. It is a hidden file, so listings and /files/ never show it. (Setting DOTNET_SYSTEM_IO_DISABLEFILELOCKING
/// would turn the lock off; nothing here sets it.)
/// </remarks>
internal static class DirectoryLock
{
    public const string FileName = ".lock";
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxPause = TimeSpan.FromMilliseconds(20);

    public static async Task<IDisposable> AcquireAsync(string directory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, FileName);
        var pause = TimeSpan.FromMilliseconds(1);
        var waited = TimeSpan.Zero;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
            }
            catch (IOException e) when (e is not DirectoryNotFoundException && waited < MaxWait)
            {
                // Held by another process (the critical sections are a hash and a rename: short).
                await Task.Delay(pause, cancellationToken);
                waited += pause;
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, MaxPause.Ticks));
            }
        }
    }
}
