using DramaGen.Tests.Generation.Runs;

namespace DramaGen.Tests.Configuration;

/// <summary>A client-chosen value (here the request path) cannot start a forged line in the service's own log, in either format.</summary>
public sealed class LogInjectionTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dramagen-log-").FullName;

    [Theory]
    [InlineData("development")]
    [InlineData("production")]
    public async Task A_newline_in_the_request_path_cannot_forge_a_log_line(string environment)
    {
        await using var service = await ServiceProcess.StartAsync(new Dictionary<string, string>
        {
            ["JOBS_DIR"] = Path.Combine(_root, "jobs"),
            ["STORAGE_DIR"] = Path.Combine(_root, "storage"),
            ["TEXT_PROVIDER"] = "local",
            ["IMAGE_PROVIDER"] = "local",
            ["VIDEO_PROVIDER"] = "local",
            ["API_KEYS"] = "",
            ["ENVIRONMENT"] = environment,
        });

        var response = await service.Client.GetAsync("/dramas/x%0a[01:00:00 INF] FAKE%0d%1b[2J");
        Assert.Equal(400, (int)response.StatusCode);
        await service.StopAsync();

        var lines = service.Output.Split('\n');
        var logged = Assert.Single(lines, line => line.Contains("FAKE"));
        Assert.Contains("\\n[01:00:00 INF] FAKE", logged); // escaped, visible, on the request's own line
        Assert.Contains("u001B[2J", logged);
        Assert.DoesNotContain(lines, line => line.TrimStart().StartsWith("[01:00:00 INF] FAKE", StringComparison.Ordinal));
        Assert.DoesNotContain('\u001b', service.Output);
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
