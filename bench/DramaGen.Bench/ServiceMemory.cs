using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using DramaGen.Dramas;

namespace DramaGen.Bench;

/// <summary>
/// (s) The real service's memory: starts DramaGen.Api.dll as its own process (with its own runtimeconfig, so the GC mode
/// the project ships), posts a synthetic drama, generates it on the embedded local providers and reads the service's
/// resident set from /proc while the run goes: before the run, and its peak (VmHWM, reset when the run starts).
/// </summary>
public static class ServiceMemory
{
    public static async Task RunAsync(int episodes)
    {
        var root = Directory.CreateTempSubdirectory("dramagen-service-").FullName;
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", Path.Combine(AppContext.BaseDirectory, "DramaGen.Api.dll"))
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["PORT"] = port.ToString(), ["STORAGE_DIR"] = Path.Combine(root, "storage"), ["JOBS_DIR"] = Path.Combine(root, "jobs"),
                ["MAX_EPISODES"] = "10000", ["MAX_CHARACTERS"] = "10000", ["EPISODE_CUTS"] = "false", ["CHARACTER_VIEWS"] = "",
                ["IMAGE_MAX_CONCURRENCY"] = "8", ["Serilog__MinimumLevel__Default"] = "Warning",
            },
        };
        using var service = Process.Start(start)!;
        service.OutputDataReceived += (_, _) => { };
        service.ErrorDataReceived += (_, _) => { };
        service.BeginOutputReadLine();
        service.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
        try
        {
            await WaitHealthyAsync(http);
            var idle = StatusMiB(service.Id, "VmRSS");
            var drama = SyntheticDramas.Build("drama_service", characters: episodes * 2, episodes: episodes, scenesPerEpisode: 38, clips: false);
            var created = await http.PostAsync("/dramas", new ByteArrayContent(DramaJson.Serialize(drama)) { Headers = { { "Content-Type", "application/json" } } });
            created.EnsureSuccessStatusCode();
            var before = StatusMiB(service.Id, "VmRSS");
            Console.WriteLine($"(s) the service's resident set: {idle:F0} MiB when healthy, {before:F0} MiB once the drama is stored");
            File.WriteAllText($"/proc/{service.Id}/clear_refs", "5");
            var watch = Stopwatch.StartNew();
            var accepted = await http.PostAsync("/dramas/drama_service/generate", null);
            accepted.EnsureSuccessStatusCode();
            var jobId = JsonNode.Parse(await accepted.Content.ReadAsStringAsync())!["jobId"]!.GetValue<string>();
            JsonNode job;
            do
            {
                await Task.Delay(500);
                job = JsonNode.Parse(await http.GetStringAsync($"/dramas/drama_service/jobs/{jobId}?children=false"))!;
            }
            while (job["status"]!.GetValue<string>() is "pending" or "running");
            var total = job["total_jobs"]!.GetValue<int>();
            Console.WriteLine($"(s) the service (DramaGen.Api.dll, its own GC settings: server GC {IsServerGc()}), {total} nodes on the local providers " +
                $"(images only), caps image 8: {job["status"]} in {watch.Elapsed.TotalSeconds:F1} s");
            Console.WriteLine($"    peak during the run {StatusMiB(service.Id, "VmHWM"):F0} MiB " +
                $"(target <= {PeakMemory.TargetMiB:F0} MiB)");
        }
        finally
        {
            service.Kill(entireProcessTree: true);
            await service.WaitForExitAsync();
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    private static string IsServerGc()
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "DramaGen.Api.runtimeconfig.json")));
        var options = config!["runtimeOptions"]!["configProperties"];
        // A DOTNET_ variable the service inherits overrides its runtimeconfig.
        string Setting(string variable, string property, string otherwise) =>
            Environment.GetEnvironmentVariable(variable) is { } set ? $"{set} (from {variable})" : options?[property]?.ToJsonString() ?? otherwise;
        return $"{Setting("DOTNET_gcServer", "System.GC.Server", "false")}, concurrent {Setting("DOTNET_gcConcurrent", "System.GC.Concurrent", "true")}, " +
            $"conserve memory {Setting("DOTNET_GCConserveMemory", "System.GC.ConserveMemory", "0")}";
    }

    private static async Task WaitHealthyAsync(HttpClient http)
    {
        for (var attempt = 0; attempt < 240; attempt++)
        {
            try
            {
                if ((await http.GetAsync("/health")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(500);
        }
        throw new TimeoutException("The service did not become healthy within two minutes.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static double StatusMiB(int pid, string field) =>
        double.Parse(File.ReadLines($"/proc/{pid}/status").First(line => line.StartsWith(field + ":", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
}
