using DramaGen.Configuration;

namespace DramaGen.Providers;

/// <summary>What one poll of a long-running operation found.</summary>
/// <typeparam name="T">What a finished operation yields (e.g. the download location).</typeparam>
internal readonly record struct PollOutcome<T>(bool Done, T? Result, string Status);

/// <summary>The bytes a finished operation yielded, and the operation that made them.</summary>
internal sealed record VideoOperationResult(string OperationId, byte[] Content, string ContentType);

/// <summary>
/// The one flow of a long-running video provider (Sora, Veo): submit, or resume the caller's operation; poll every
/// VIDEO_POLL_INTERVAL_SECONDS until it finishes or VIDEO_POLL_TIMEOUT_SECONDS pass; fetch the video. Waits through
/// the TimeProvider so tests drive the clock. The provider supplies only its own wire calls.
/// </summary>
internal sealed class VideoOperationFlow(TimeProvider time, ProvidersOptions options, ILogger logger)
{
    public TimeSpan Interval { get; } = TimeSpan.FromSeconds(options.VideoPollIntervalSeconds);

    public TimeSpan Timeout { get; } = TimeSpan.FromSeconds(options.VideoPollTimeoutSeconds);

    /// <param name="submit">Starts a paid job and answers its operation id.</param>
    /// <param name="poll">One look at the operation.</param>
    /// <param name="fetch">The finished operation's video, from what the last poll yielded.</param>
    public async Task<VideoOperationResult> RunAsync<T>(
        string provider, VideoRequest request,
        Func<CancellationToken, Task<string>> submit,
        Func<string, CancellationToken, Task<PollOutcome<T>>> poll,
        Func<string, T, CancellationToken, Task<(byte[] Content, string ContentType)>> fetch,
        CancellationToken cancellationToken)
    {
        var resuming = request.ExistingOperationId is not null;
        var id = request.ExistingOperationId ?? await submit(cancellationToken);
        if (resuming)
        {
            logger.LogInformation("Resuming {Provider} operation {Operation}", provider, id);
        }
        else
        {
            logger.LogInformation("{Provider} operation {Operation} submitted", provider, id);
        }
        // The id is known before polling, so a restart resumes instead of paying again.
        if (request.OnOperationStarted is { } onStarted)
        {
            await onStarted(id, cancellationToken);
        }
        // Right after a submission the job cannot be ready yet; a resumed one may have finished while nobody watched.
        var finished = await PollAsync(provider, id, waitFirst: !resuming, token => poll(id, token), cancellationToken);
        var (content, contentType) = await fetch(id, finished, cancellationToken);
        return new VideoOperationResult(id, content, contentType);
    }

    /// <summary>A download's bytes and type (MP4 when the server does not say).</summary>
    public static async Task<(byte[] Content, string ContentType)> ReadVideoAsync(HttpResponseMessage download, CancellationToken cancellationToken) =>
        (await download.Content.ReadAsByteArrayAsync(cancellationToken), download.Content.Headers.ContentType?.MediaType ?? "video/mp4");

    private async Task<T> PollAsync<T>(
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
                    $"operation {operationId} still {lastStatus} after {Timeout.TotalSeconds:0} s of polling"), isRetryable: true);
            }
            await Task.Delay(Interval, time, cancellationToken);
        }
    }
}
