namespace DramaGen.Http;

/// <summary>
/// A bounded work queue has no room: answered 503 with Retry-After (by the service-wide exception handler), so
/// a client backs off instead of waiting on a request that cannot be taken.
/// </summary>
public sealed class QueueFullException(string message, int retryAfterSeconds = 5) : Exception(message)
{
    public int RetryAfterSeconds { get; } = retryAfterSeconds;
}
