namespace DramaGen.Providers.Local;

// PLACEHOLDER: replaced by the providers work.
public sealed class LocalTextProvider : ITextProvider
{
    public string Name => "local";
    public string Model => "placeholder";
    public Task<DraftDrama> WriteAsync(DramaBrief brief, CancellationToken cancellationToken = default) => throw new NotImplementedException();
    public Task<DraftDrama> ImproveAsync(Dramas.Drama current, string feedback, CancellationToken cancellationToken = default) => throw new NotImplementedException();
    public Task<DramaCritique> CritiqueAsync(Dramas.Drama drama, CancellationToken cancellationToken = default) => throw new NotImplementedException();
}
