namespace DramaGen.Providers;

/// <summary>
/// The tokens a text provider's answers reported using (prompt and answer), summed for the job the calls work
/// for, so the caller can correct its TEXT_TPM estimate to what the provider counts. Like <see cref="ProviderNotes"/>
/// it flows with the call (AsyncLocal); a provider that reports no usage leaves it at null.
/// </summary>
public sealed class TokenUsage
{
    private static readonly AsyncLocal<TokenUsage?> Current = new();
    private long _tokens;
    private int _reports;

    /// <summary>Starts counting for the calls that follow in this async flow (and only there).</summary>
    public static TokenUsage Collect() => Current.Value = new TokenUsage();

    public static void Add(long tokens)
    {
        if (Current.Value is { } usage && tokens > 0)
        {
            Interlocked.Add(ref usage._tokens, tokens);
            Interlocked.Increment(ref usage._reports);
        }
    }

    /// <summary>The tokens reported, or null when no answer reported any.</summary>
    public long? Tokens => Volatile.Read(ref _reports) == 0 ? null : Interlocked.Read(ref _tokens);
}
