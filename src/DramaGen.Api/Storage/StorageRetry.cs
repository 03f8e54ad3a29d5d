using Amazon.Runtime;

namespace DramaGen.Storage;

/// <summary>
/// Writes that a storage outage must not fail while it may still pass (a generated file already paid for): a
/// transient store failure is retried after 1 s, doubling to 30 s, on the clock, for as long as the next attempt
/// still starts within the budget. One instance spans every write of one piece of work (a node's file and its
/// metadata), so together they never outlast the budget. When the budget is spent the last failure is thrown as a
/// <see cref="StorageUnavailableException"/>.
/// </summary>
public sealed class StorageRetry(TimeProvider clock, TimeSpan budget)
{
    public static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly long _started = clock.GetTimestamp();
    private int _attempts;

    public async Task<T> RunAsync<T>(Func<Task<T>> write, CancellationToken cancellationToken)
    {
        var wait = FirstBackoff;
        while (true)
        {
            _attempts++;
            try
            {
                return await write();
            }
            catch (Exception e) when (IsTransient(e) && !cancellationToken.IsCancellationRequested)
            {
                var elapsed = clock.GetElapsedTime(_started);
                if (elapsed + wait > budget)
                {
                    throw new StorageUnavailableException(
                        $"the object store still failed after {_attempts} attempts over {elapsed.TotalSeconds:0.#} s (budget {budget.TotalSeconds:0} s): {e.Message}", e);
                }
            }
            await Task.Delay(wait, clock, cancellationToken);
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, MaxBackoff.Ticks));
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

/// <summary>The object store kept failing for longer than the work waiting on it could wait.</summary>
public sealed class StorageUnavailableException(string message, Exception inner) : Exception(message, inner);
