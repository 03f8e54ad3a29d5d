using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DramaGen.Configuration;

namespace DramaGen.Tests.Storage;

/// <summary>
/// s3rver (npm @20minutes/s3rver, a real S3 protocol server) as a child process on a free loopback port with a
/// temporary data directory, started once per test run through the "S3rver" collection. Installs its npm
/// packages into tests/s3server on first use, so a plain <c>dotnet test</c> works on a fresh clone.
/// </summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    private readonly StringBuilder _output = new();
    private Process? _process;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), $"dramagen-s3rver-{Guid.NewGuid():N}");

    public int Port { get; private set; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>A bucket name no other test uses; the store creates it on first use.</summary>
    public static string NewBucket() => "t" + Guid.NewGuid().ToString("N")[..20];

    /// <summary>s3rver behind the layer that refuses conditional PUTs whose condition fails, as S3 and R2 do.</summary>
    public S3ConditionalWriteProxy ConditionalWrites { get; private set; } = null!;

    /// <summary>The same settings an operator gives through R2_ENDPOINT and friends.</summary>
    public StorageOptions Options(string bucket, string? publicUrl = null) => new()
    {
        R2Endpoint = Endpoint, R2AccessKeyId = "S3RVER", R2SecretAccessKey = "S3RVER", R2Bucket = bucket, R2PublicUrl = publicUrl,
    };

    /// <summary>Like <see cref="Options"/>, through <see cref="ConditionalWrites"/>: for anything that relies on If-Match.</summary>
    public StorageOptions EnforcingOptions(string bucket)
    {
        var options = Options(bucket);
        options.R2Endpoint = ConditionalWrites.Endpoint;
        return options;
    }

    public async Task InitializeAsync()
    {
        var folder = S3rverFolder();
        await EnsureInstalledAsync(folder);
        Directory.CreateDirectory(DataDirectory);
        Port = FreePort();
        await StartProcessAsync(folder);
        ConditionalWrites = await S3ConditionalWriteProxy.StartAsync(Endpoint);
    }

    /// <summary>An outage: the server process is killed; its data directory and port stay for <see cref="RestartAsync"/>.</summary>
    public void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        _process?.Dispose();
        _process = null;
    }

    /// <summary>The server back after <see cref="Stop"/>, on the same port with the same data.</summary>
    public Task RestartAsync() => StartProcessAsync(S3rverFolder());

    private async Task StartProcessAsync(string folder)
    {
        // cli.js is the only working entry point (toolchain.md). The server exits when this test process is gone,
        // so a crashed test run leaves no orphan behind.
        const string script = """
            const parent = Number(process.env.S3RVER_PARENT);
            setInterval(() => { try { process.kill(parent, 0); } catch { process.exit(0); } }, 1000);
            require('@20minutes/s3rver/lib/cli.js').parseAsync(['node', 's3rver', '-d', process.env.S3RVER_DIR,
              '-a', '127.0.0.1', '-p', process.env.S3RVER_PORT, '--allow-mismatched-signatures', '--silent']);
            """;
        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        // s3rver encrypts continuation tokens with DES, which OpenSSL 3 only has in its legacy provider.
        start.ArgumentList.Add("--openssl-legacy-provider");
        start.ArgumentList.Add("-e");
        start.ArgumentList.Add(script);
        start.Environment["S3RVER_DIR"] = DataDirectory;
        start.Environment["S3RVER_PORT"] = Port.ToString();
        start.Environment["S3RVER_PARENT"] = Environment.ProcessId.ToString();
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        _process.OutputDataReceived += (_, e) => Record(e.Data);
        _process.ErrorDataReceived += (_, e) => Record(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilListeningAsync();
    }

    public async Task DisposeAsync()
    {
        await ConditionalWrites.DisposeAsync();
        Stop();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"s3rver exited with {_process.ExitCode}: {Output()}");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new TimeoutException($"s3rver did not listen on port {Port} within 20 s: {Output()}");
    }

    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    private static async Task EnsureInstalledAsync(string folder)
    {
        await InstallGate.WaitAsync();
        try
        {
            if (File.Exists(Path.Combine(folder, "node_modules", "@20minutes", "s3rver", "lib", "cli.js")))
            {
                return;
            }
            var npm = new ProcessStartInfo("npm") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "ci", "--no-audit", "--no-fund" })
            {
                npm.ArgumentList.Add(argument);
            }
            using var process = Process.Start(npm) ?? throw new InvalidOperationException("Could not start npm.");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci in {folder} failed: {await output}{await error}");
            }
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static string S3rverFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "s3server");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException("tests/s3server/package.json not found above " + AppContext.BaseDirectory);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Record(string? line)
    {
        lock (_output)
        {
            if (line is not null && _output.Length < 20_000)
            {
                _output.AppendLine(line);
            }
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class S3rverCollection : ICollectionFixture<S3rverFixture>
{
    public const string Name = "S3rver";
}
