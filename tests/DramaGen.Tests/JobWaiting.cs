using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace DramaGen.Tests;

/// <summary>
/// The suite's one way to wait for a job: poll its route (GET /dramas/{dramaId}/jobs/{jobId}, the URL a 202's
/// Location names) until it is finished, or until a condition on it holds, within one generous budget. The
/// budget only turns a hang into a failure; nothing asserts how long a job took, so a loaded machine makes the
/// wait longer, never the test red. Works for the in-process app and for a service process alike.
/// </summary>
public static class JobWaiting
{
    /// <summary>How long a job may take before the wait fails (real time, far above any job of the suite).</summary>
    public static readonly TimeSpan Budget = Patience.Budget;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    /// <summary>A job that is neither pending nor running.</summary>
    public static bool IsFinished(JsonObject job) => Status(job) is not ("pending" or "running");

    public static string Status(JsonObject job) => job["status"]!.GetValue<string>();

    /// <summary>Waits for the job of a drama to finish and returns its last answer.</summary>
    public static Task<JsonObject> WaitForJobAsync(this HttpClient client, string dramaId, string jobId) =>
        client.WaitForJobAsync($"/dramas/{dramaId}/jobs/{jobId}");

    /// <summary>Waits for the job a 202 named (its Location) to finish.</summary>
    public static Task<JsonObject> WaitForJobAsync(this HttpClient client, HttpResponseMessage accepted) =>
        client.WaitForJobAsync(accepted.Headers.Location?.OriginalString
            ?? throw new InvalidOperationException($"The answer ({(int)accepted.StatusCode}) names no job."));

    /// <summary>Waits for the job at <paramref name="location"/> to finish.</summary>
    public static Task<JsonObject> WaitForJobAsync(this HttpClient client, Uri location) => client.WaitForJobAsync(location.OriginalString);

    /// <summary>
    /// Polls the job at <paramref name="location"/> until <paramref name="until"/> holds (by default: it is
    /// finished) and returns that answer. Fails with the last answer if the budget runs out, or as soon as the
    /// job finishes without the condition ever holding.
    /// </summary>
    public static async Task<JsonObject> WaitForJobAsync(this HttpClient client, string location, Func<JsonObject, bool>? until = null)
    {
        var condition = until ?? IsFinished;
        var deadline = DateTime.UtcNow + Budget;
        while (true)
        {
            var job = (await client.GetFromJsonAsync<JsonObject>(location))!;
            if (condition(job))
            {
                return job;
            }
            if (until is not null && IsFinished(job))
            {
                throw new InvalidOperationException($"{location} finished before the awaited state: {job.ToJsonString()}");
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{location} was not there after {Budget.TotalSeconds:0} s: {job.ToJsonString()}");
            }
            await Task.Delay(PollInterval);
        }
    }
}
