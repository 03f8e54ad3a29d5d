using DramaGen.Configuration;

namespace DramaGen.Providers;

/// <summary>What one poll of a long-running operation found.</summary>
/// <typeparam name="T">What a finished operation yields (e.g. the download location).</typeparam>
internal readonly record struct PollOutcome<T>(bool Done, T? Result, string Status);

/// <summary>
/// Polls a provider operation every VIDEO_POLL_INTERVAL_SECONDS until it finishes or
/// VIDEO_POLL_TIMEOUT_SECONDS pass. Waits through the TimeProvider so tests drive the clock.
/// </summary>
internal sealed class VideoOperationPoller(TimeProvider time, ProvidersOptions options)
{
    public TimeSpan Interval { get; } = TimeSpan.FromSeconds(options.VideoPollIntervalSeconds);

    /// <summary>
    /// The operation to poll: the caller's existing one, or a new submission. Either way the id reaches
    /// <see cref="VideoRequest.OnOperationStarted"/> before polling, so a restart resumes instead of paying again.
    /// </summary>
    public static async Task<(string Id, bool Resuming)> SubmitOrResumeAsync(
        VideoRequest request, Func<CancellationToken, Task<string>> submit, CancellationToken cancellationToken)
    {
        var resuming = request.ExistingOperationId is not null;
        var id = request.ExistingOperationId ?? await submit(cancellationToken);
        if (request.OnOperationStarted is { } onStarted)
        {
            await onStarted(id, cancellationToken);
        }
        return (id, resuming);
    }
    public TimeSpan Timeout { get; } = TimeSpan.FromSeconds(options.VideoPollTimeoutSeconds);

    /// <param name="waitFirst">
    /// True right after a submission (the job cannot be ready yet); false when resuming an existing operation,
    /// which may have finished while nobody watched.
    /// </param>
    public async Task<T> PollAsync<T>(
        string provider, string operationId, bool waitFirst,
        Func<CancellationToken, Task<PollOutcome<T>>> poll, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var lastStatus = "submitted";
        if (waitFirst)
        {
            await Task.Delay(Interval, time, cancellationToken);
        }
        while (true)
        {
            var outcome = await poll(cancellationToken);
            if (outcome.Done)
            {
                return outcome.Result!;
            }
            lastStatus = outcome.Status;
            if (time.GetElapsedTime(started) >= Timeout)
            {
                // Retryable: the operation may still finish, and a resume polls the same id without paying again.
                throw new ProviderException(provider, new ProviderTextScrubber(options.Secrets).Excerpt(
                    $"operation {operationId} still {lastStatus} after {Timeout.TotalSeconds:0} s of polling"), isRetryable: true,
                    operationMayFinish: true);
            }
            await Task.Delay(Interval, time, cancellationToken);
        }
    }
}
