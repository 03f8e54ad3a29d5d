using Amazon.Runtime;

namespace DramaGen.Storage;

/// <summary>
/// Writes that a short storage outage must not fail (a generated file already paid for): a transient store failure
/// is retried after 1, 2, 4 and 8 s on the clock, within the caller's cancellation (the node's budget).
/// </summary>
public static class StorageRetry
{
    public static readonly IReadOnlyList<TimeSpan> Backoff =
        [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8)];

    public static async Task<T> RunAsync<T>(Func<Task<T>> write, TimeProvider clock, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await write();
            }
            catch (Exception e) when (attempt < Backoff.Count && IsTransient(e) && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(Backoff[attempt], clock, cancellationToken);
            }
        }
    }

    /// <summary>Store trouble that may pass: S3 throttling or a 5xx, no answer at all, a failed disk write.</summary>
    public static bool IsTransient(Exception e) => e switch
    {
        AmazonServiceException service => (int)service.StatusCode is 0 or 429 or >= 500,
        AmazonClientException or HttpRequestException or TimeoutException => true,
        IOException => true,
        _ => false,
    };
}
