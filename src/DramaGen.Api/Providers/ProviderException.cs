namespace DramaGen.Providers;

/// <summary>
/// A provider refused or failed a generation. <see cref="IsRetryable"/> is false for validation and
/// safety rejections: sending the same request again would fail the same way and cost money.
/// </summary>
public sealed class ProviderException(string provider, string message, bool isRetryable, Exception? inner = null)
    : Exception($"{provider}: {message}", inner)
{
    public string Provider { get; } = provider;
    public bool IsRetryable { get; } = isRetryable;
}
