using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DramaGen.Configuration;
using DramaGen.Dramas;
using DramaGen.Tests.Generation.Runs;

namespace DramaGen.Tests.Authoring;

/// <summary>
/// The premise kill window, in a real process: the service SIGKILLs itself (CRASH_AT) right after the premise job
/// saved its drama and before it marked itself completed. Started again on the same disk, the job finds its own
/// drama and ends completed naming it, without a DramaExistsException and without paying the text provider again.
/// </summary>
public sealed class AuthoringCrashProcessTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dramagen-premise-kill-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    private Dictionary<string, string> Environment(string? crashAt)
    {
        var environment = new Dictionary<string, string>
        {
            ["JOBS_DIR"] = Path.Combine(_root, "jobs"),
            ["STORAGE_DIR"] = Path.Combine(_root, "storage"),
            ["LOCAL_CALL_LOG"] = Path.Combine(_root, "calls.log"),
            ["TEXT_PROVIDER"] = "local",
            ["IMAGE_PROVIDER"] = "local",
            ["VIDEO_PROVIDER"] = "local",
            ["API_KEYS"] = "",
            ["ENVIRONMENT"] = "development",
        };
        if (crashAt is not null)
        {
            environment["CRASH_AT"] = crashAt;
        }
        return environment;
    }

    [Fact]
    public async Task A_service_killed_after_the_premise_job_saved_its_drama_completes_the_job_naming_that_drama_after_restart()
    {
        string location, dramaId, jobId;
        await using (var crashing = await ServiceProcess.StartAsync(Environment(CrashPoints.AuthoringDramaSaved)))
        {
            var accepted = await crashing.Client.PostAsJsonAsync("/dramas", new { premise = "A ferry that only sails backwards in time." });
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            location = accepted.Headers.Location!.OriginalString;
            var answer = (await accepted.Content.ReadFromJsonAsync<JsonObject>())!;
            dramaId = answer["dramaId"]!.GetValue<string>();
            jobId = answer["jobId"]!.GetValue<string>();

            // 128 + SIGKILL: it died at the crash point, no shutdown ran.
            Assert.Equal(137, await crashing.WaitForExitAsync());
        }

        // The disk as the kill left it: the drama saved, its job not completed.
        Assert.True(File.Exists(Path.Combine(_root, "storage", DramaRepository.KeyFor(dramaId))));
        var jobOnDisk = JsonNode.Parse(File.ReadAllText(Path.Combine(_root, "jobs", jobId + ".json")))!;
        Assert.Contains(jobOnDisk["status"]!.GetValue<string>(), new[] { "pending", "running" });

        await using var restarted = await ServiceProcess.StartAsync(Environment(crashAt: null));
        var job = await restarted.Client.WaitForJobAsync(location);

        Assert.True(JobWaiting.Status(job) == "completed", job.ToJsonString());
        Assert.Null(job["error"]?.GetValue<string>());
        Assert.Equal(dramaId, job["result"]!["dramaId"]!.GetValue<string>());
        Assert.DoesNotContain("DramaExists", restarted.Output);
        var drama = (await restarted.Client.GetFromJsonAsync<JsonObject>($"/dramas/{dramaId}"))!;
        Assert.Equal(drama["title"]!.GetValue<string>(), job["result"]!["title"]!.GetValue<string>());
        // The drama was written once: the restarted job found it instead of asking the text provider again.
        var writes = File.ReadAllLines(Path.Combine(_root, "calls.log")).Count(line => line.Split('\t')[1] == "text.write");
        Assert.Equal(1, writes);
    }
}
