using System.Globalization;
using DramaGen.Configuration;
using DramaGen.Dramas;
using Microsoft.Extensions.Options;

namespace DramaGen.Providers.Local;

/// <summary>
/// The offline text provider: writes, revises and critiques dramas by rule, deterministically, so the
/// service works end to end without keys and tests can assert on its output.
/// </summary>
public sealed class LocalTextProvider(IOptions<LocalProviderOptions> options, TimeProvider timeProvider) : ITextProvider
{
    private readonly LocalProviderBehaviour _behaviour = new(options.Value, timeProvider);

    public string Name => LocalProviderBehaviour.ProviderName;

    public string Model => "local-writer-v1";

    public async Task<DraftDrama> WriteAsync(DramaBrief brief, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(brief.Premise))
            throw new ProviderException(Name, "the premise is empty", isRetryable: false);
        if (brief.Episodes < 1 || brief.ScenesPerEpisode < 1)
            throw new ProviderException(Name, "a drama needs at least one episode of at least one scene", isRetryable: false);

        var hash = StableHash.Hex("write", LocalDramaWriter.Collapse(brief.Premise),
            brief.Episodes.ToString(CultureInfo.InvariantCulture), brief.ScenesPerEpisode.ToString(CultureInfo.InvariantCulture), brief.Style ?? "");
        await _behaviour.BeforeGenerationAsync(LocalCapability.Text, "text.write", hash, cancellationToken);
        return LocalDramaWriter.Write(brief);
    }

    public async Task<DraftDrama> ImproveAsync(Drama current, string feedback, CancellationToken cancellationToken = default)
    {
        var hash = StableHash.Hex("improve", StableHash.OfBytes(DramaJson.Serialize(current)), feedback);
        await _behaviour.BeforeGenerationAsync(LocalCapability.Text, "text.improve", hash, cancellationToken);
        return LocalDramaReviser.Revise(current, feedback);
    }

    public async Task<DramaCritique> CritiqueAsync(Drama drama, CancellationToken cancellationToken = default)
    {
        var hash = StableHash.Hex("critique", StableHash.OfBytes(DramaJson.Serialize(drama)));
        await _behaviour.BeforeGenerationAsync(LocalCapability.Text, "text.critique", hash, cancellationToken);
        return LocalDramaCritic.Critique(drama);
    }
}
