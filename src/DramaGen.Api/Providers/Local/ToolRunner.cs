using System.ComponentModel;
using System.Diagnostics;

namespace DramaGen.Providers.Local;

/// <summary>
/// Runs an external tool (ffmpeg, espeak-ng) as a child process with an argument list (no shell, so nothing
/// in a prompt or a path is ever interpreted), and turns a missing binary or a failed run into a clear
/// <see cref="ProviderException"/> naming the setting that points at it.
/// </summary>
internal sealed class ToolRunner(string toolName, string toolPath, string pathSetting)
{
    public static ToolRunner Ffmpeg(string path) => new("ffmpeg", path, "FFMPEG_PATH");

    public static ToolRunner EspeakNg(string path) => new("espeak-ng", path, "ESPEAK_NG_PATH");

    private const int MaxErrorChars = 800;

    public async Task RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(toolPath)
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new ProviderException(LocalProviderBehaviour.ProviderName,
                $"{toolName} could not be started from '{toolPath}' ({e.Message}); install {toolName} or set {pathSetting} to its binary",
                isRetryable: false, e);
        }

        // Both pipes are drained while the tool runs: a full pipe buffer would block it forever.
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw;
        }
        await Task.WhenAll(stderr, stdout);
        if (process.ExitCode != 0)
            throw new ProviderException(LocalProviderBehaviour.ProviderName,
                $"{toolName} failed with exit code {process.ExitCode}: {Tail(stderr.Result)}", isRetryable: false);
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited on its own between the cancellation and the kill.
        }
    }

    private static string Tail(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length <= MaxErrorChars ? trimmed : "…" + trimmed[^MaxErrorChars..];
    }
}
