namespace DramaGen.Providers;

/// <summary>
/// A provider refused or failed a generation. <see cref="IsRetryable"/> is false for validation and
/// safety rejections: sending the same request again would fail the same way and cost money.
/// </summary>
public sealed class ProviderException(string provider, string message, bool isRetryable, Exception? inner = null, int? httpStatus = null,
    bool operationMayFinish = false)
    : Exception($"{provider}: {message}", inner)
{
    public string Provider { get; } = provider;
    public bool IsRetryable { get; } = isRetryable;

    /// <summary>The provider's HTTP status when it answered with an error; kept here because the SDK's exception,
    /// whose message quotes the raw body, is not chained.</summary>
    public int? HttpStatus { get; } = httpStatus;

    /// <summary>The call gave up on a long-running operation the provider has not ended (polling timed out): it may still
    /// succeed, so the next attempt polls it again instead of paying for a new one.</summary>
    public bool OperationMayFinish { get; } = operationMayFinish;
}
