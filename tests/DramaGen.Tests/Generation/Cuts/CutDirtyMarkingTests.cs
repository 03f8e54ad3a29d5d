using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace DramaGen.Tests.Generation.Cuts;

/// <summary>
/// Which cuts a run renders, counted at the ffmpeg binary itself: FFMPEG_PATH points at a wrapper that logs
/// every call before running the real ffmpeg.
/// </summary>
public sealed class CutDirtyMarkingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dramagen-ffmpeg-log-").FullName;

    private string Log => Path.Combine(_directory, "calls.log");

    private string Wrapper()
    {
        var path = Path.Combine(_directory, "ffmpeg");
        File.WriteAllText(path, $"#!/bin/sh\nprintf '%s\\n' \"$*\" >> '{Log}'\nexec ffmpeg \"$@\"\n");
        // The service and its ffmpeg run on Linux only (Dockerfile); the wrapper is a POSIX shell script.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }

    /// <summary>The cuts ffmpeg rendered so far, by output file name (a cut is the one call with a filter graph).</summary>
    private List<string> CutCalls() => File.Exists(Log)
        ? [.. File.ReadAllLines(Log).Where(line => line.Contains("-filter_complex")).Select(line => line.Split(' ')[^1])]
        : [];

    private int Calls() => File.Exists(Log) ? File.ReadAllLines(Log).Length : 0;

    [Fact]
    public async Task An_unchanged_drama_makes_no_ffmpeg_call_and_editing_a_line_of_episode_2_respeaks_it_and_recuts_episode_2_only()
    {
        await using var app = EpisodeCutTests.App(new Dictionary<string, string?> { ["FFMPEG_PATH"] = Wrapper() });
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/dramas", EpisodeCutTests.Document("drama_dirty"))).StatusCode);
        await EpisodeCutTests.GenerateAsync(client, "drama_dirty");
        Assert.Equal(2, CutCalls().Count);
        var cutOfEpisode1 = (await client.GetFromJsonAsync<JsonObject>("/dramas/drama_dirty"))!["episodes"]![0]!["cutUrl"]!.GetValue<string>();
        var episode1Bytes = await client.GetByteArrayAsync(cutOfEpisode1);
        var callsAfterFirstRun = Calls();

        var again = await EpisodeCutTests.GenerateAsync(client, "drama_dirty");

        Assert.Equal(callsAfterFirstRun, Calls());
        Assert.All(CutJobs(again), job => Assert.True(job["metadata"]!["up_to_date"]!.GetValue<bool>()));

        var patch = new HttpRequestMessage(HttpMethod.Patch, "/dramas/drama_dirty/episodes/e002/scenes/s001/lines/l001")
        {
            Content = JsonContent.Create(new { text = "The sea gives back what it takes." }),
        };
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(patch)).StatusCode);
        var edited = await EpisodeCutTests.GenerateAsync(client, "drama_dirty");

        var cuts = CutCalls();
        Assert.Equal(3, cuts.Count);
        var ran = edited["jobs"]!.AsArray().Select(job => job!.AsObject())
            .Where(job => job["status"]!.GetValue<string>() == "completed" && job["metadata"]!["up_to_date"] is null)
            .Select(job => job["asset_id"]!.GetValue<string>());
        Assert.Equal(["cut_e002", "line_e002_s001_l001"], ran.Order());
        var jobs = CutJobs(edited).ToDictionary(job => job["asset_id"]!.GetValue<string>());
        // Episode 1's cut is not run again (or only found up to date); episode 2's is rendered anew.
        Assert.True(!jobs.TryGetValue("cut_e001", out var first) || first["metadata"]!["up_to_date"]!.GetValue<bool>());
        Assert.Null(jobs["cut_e002"]["metadata"]!["up_to_date"]);
        Assert.EndsWith("cut.mp4", cuts[^1]);
        Assert.Equal("completed", jobs["cut_e002"]["status"]!.GetValue<string>());
        Assert.Equal(episode1Bytes, await client.GetByteArrayAsync(cutOfEpisode1));
        var episode2 = (await client.GetFromJsonAsync<JsonObject>("/dramas/drama_dirty"))!["episodes"]![1]!;
        Assert.Contains("The sea gives back what it takes.", await client.GetStringAsync(episode2["cutSubtitlesUrl"]!.GetValue<string>()));
    }

    private static IEnumerable<JsonObject> CutJobs(JsonObject run) =>
        run["jobs"]!.AsArray().Select(job => job!.AsObject()).Where(job => job["asset_id"]!.GetValue<string>().StartsWith("cut_"));

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
