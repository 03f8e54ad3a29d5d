using Microsoft.Extensions.Options;

namespace DramaGen.Configuration;

/// <summary>R2 settings only make sense together: a half-configured bucket must stop the service, not fall back.</summary>
public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        if (!options.UsesS3)
        {
            return ValidateOptionsResult.Success;
        }
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(options.R2AccessKeyId)) missing.Add("R2_ACCESS_KEY_ID");
        if (string.IsNullOrWhiteSpace(options.R2SecretAccessKey)) missing.Add("R2_SECRET_ACCESS_KEY");
        if (string.IsNullOrWhiteSpace(options.R2Bucket)) missing.Add("R2_BUCKET");
        var failures = missing.Select(variable => $"{variable} is required when R2_ACCOUNT_ID or R2_ENDPOINT is set.").ToList();
        if (!Uri.TryCreate(options.ResolvedEndpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            failures.Add($"R2_ENDPOINT '{options.R2Endpoint}' is not an http(s) URL.");
        }
        if (!string.IsNullOrWhiteSpace(options.R2PublicUrl) && !Uri.TryCreate(options.R2PublicUrl, UriKind.Absolute, out _))
        {
            failures.Add("R2_PUBLIC_URL must be an absolute URL.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
