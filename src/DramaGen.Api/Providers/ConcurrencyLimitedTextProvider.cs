using DramaGen.Dramas;

namespace DramaGen.Providers;

/// <summary>The selected text provider behind the TEXT_MAX_CONCURRENCY gate.</summary>
public sealed class ConcurrencyLimitedTextProvider(ITextProvider inner, ProviderConcurrency concurrency) : ITextProvider
{
    public ITextProvider Inner => inner;
    public string Name => inner.Name;
    public string Model => inner.Model;

    public Task<DraftDrama> WriteAsync(DramaBrief brief, CancellationToken cancellationToken = default) =>
        concurrency.RunTextAsync(() => inner.WriteAsync(brief, cancellationToken), cancellationToken);

    public Task<DraftDrama> ImproveAsync(Drama current, string feedback, CancellationToken cancellationToken = default) =>
        concurrency.RunTextAsync(() => inner.ImproveAsync(current, feedback, cancellationToken), cancellationToken);

    public Task<DramaCritique> CritiqueAsync(Drama drama, CancellationToken cancellationToken = default) =>
        concurrency.RunTextAsync(() => inner.CritiqueAsync(drama, cancellationToken), cancellationToken);
}
