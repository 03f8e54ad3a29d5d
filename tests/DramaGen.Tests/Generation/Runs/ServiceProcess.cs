using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DramaGen.Tests.Generation.Runs;

/// <summary>
/// The service as a separate process (<c>dotnet DramaGen.Api.dll</c> from the test's output), so a test can
/// SIGKILL it the way a crash or an OOM kill would.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServiceProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = Patience.Budget };
    }

    public int Port { get; }
    public HttpClient Client { get; }
    public string Output { get { lock (_output) { return _output.ToString(); } } }

    /// <summary>The process's resident memory now (what the OS charges it), in bytes.</summary>
    public long ResidentBytes
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    /// <summary>The highest resident memory since start or since <see cref="ResetPeakResident"/> (Linux VmHWM), in bytes.</summary>
    public long PeakResidentBytes
    {
        get
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").First(line => line.StartsWith("VmHWM:", StringComparison.Ordinal));
            return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0]) * 1024;
        }
    }

    /// <summary>Makes the peak start again from the memory resident now.</summary>
    public void ResetPeakResident() => File.WriteAllText($"/proc/{_process.Id}/clear_refs", "5");

    public static async Task<ServiceProcess> StartAsync(IDictionary<string, string> environment)
    {
        var port = FreePort();
        var api = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [api])
        {
            WorkingDirectory = Path.GetDirectoryName(api)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var name in new[] { "ASPNETCORE_URLS", "urls", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS" })
        {
            start.Environment.Remove(name);
        }
        // The suite's dramas pin portrait-only DAGs; the character sheet tests ask for their views.
        start.Environment["CHARACTER_VIEWS"] = "";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        start.Environment["PORT"] = port.ToString();
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the service.");
        var service = new ServiceProcess(process, port);
        process.OutputDataReceived += (_, line) => service.Append(line.Data);
        process.ErrorDataReceived += (_, line) => service.Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await service.WaitHealthyAsync();
        return service;
    }

    /// <summary>SIGKILL: no shutdown hook runs, files are left exactly as they are.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    /// <summary>SIGSTOP: the process does nothing until <see cref="ContinueAsync"/>; its connections stay open.</summary>
    public Task PauseAsync() => SignalAsync("-STOP");

    /// <summary>SIGCONT after <see cref="PauseAsync"/>.</summary>
    public Task ContinueAsync() => SignalAsync("-CONT");

    /// <summary>Waits for the process to end by itself (a crash drill: it SIGKILLs itself at a CRASH_AT point).</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(JobWaiting.Budget);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGTERM, then waits for the exit and the end of its output: every line it logged is in <see cref="Output"/>.</summary>
    public async Task StopAsync()
    {
        await SignalAsync("-TERM");
        using var timeout = new CancellationTokenSource(Patience.Budget);
        await _process.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
        }
        Client.Dispose();
        _process.Dispose();
        await Task.CompletedTask;
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [signal, _process.Id.ToString()])!;
        await kill.WaitForExitAsync();
    }

    private async Task WaitHealthyAsync()
    {
        var deadline = DateTime.UtcNow + Patience.Budget;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The service exited with {_process.ExitCode}:\n{Output}");
            }
            try
            {
                if ((await Client.GetAsync("/health")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The service did not become healthy:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
