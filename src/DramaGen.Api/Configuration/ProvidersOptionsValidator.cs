using Microsoft.Extensions.Options;

namespace DramaGen.Configuration;

/// <summary>
/// Settings that only matter for the provider in use: Sora has no public API any more (OpenAI shut it down on
/// 2026-09-24), so choosing it without a gateway address must stop the service instead of failing every clip.
/// </summary>
public sealed class ProvidersOptionsValidator : IValidateOptions<ProvidersOptions>
{
    public ValidateOptionsResult Validate(string? name, ProvidersOptions options)
    {
        if (options.ResolvedVideoProvider != "sora")
        {
            return ValidateOptionsResult.Success;
        }
        if (string.IsNullOrWhiteSpace(options.SoraApiBase))
        {
            return ValidateOptionsResult.Fail(
                $"SORA_API_BASE is required when video uses Sora ({options.VideoChoice.Reason}): OpenAI shut its own Sora API down " +
                "on 2026-09-24, so set SORA_API_BASE to a gateway that keeps the /v1/videos shape, or choose VIDEO_PROVIDER=veo or local.");
        }
        return Uri.TryCreate(options.SoraApiBase, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"SORA_API_BASE '{options.SoraApiBase}' is not an http(s) URL.");
    }
}
