using System.Globalization;
using System.Text;

namespace DramaGen.Providers.Local;

/// <summary>
/// Appends one tab-separated line per local generation call: timestamp, operation, request hash.
/// Crash/resume tests count the lines of a request hash to prove a finished node is not generated again.
/// </summary>
internal sealed class LocalCallLog(string? path, TimeProvider timeProvider)
{
    // One lock for every instance: the text, image and video providers may share the same file.
    private static readonly Lock WriteLock = new();

    public bool IsEnabled => !string.IsNullOrWhiteSpace(path);

    public void Append(string operation, string requestHash)
    {
        if (!IsEnabled) return;
        var stamp = timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        var line = Encoding.UTF8.GetBytes($"{stamp}\t{operation}\t{requestHash}\n");
        lock (WriteLock)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path!));
            if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
            // Append mode is O_APPEND: another process writing the same log cannot interleave a line.
            using var stream = new FileStream(path!, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            stream.Write(line);
        }
    }
}
