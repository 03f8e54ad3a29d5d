using System.Security.Cryptography;
using System.Text;
using DramaGen.Configuration;
using Microsoft.Extensions.Options;

namespace DramaGen.Http;

/// <summary>
/// X-API-Key check against API_KEYS. Public paths (service info, health, API docs, the viewer and
/// public asset files) stay open; with no keys configured auth is off.
/// </summary>
internal sealed class ApiKeyMiddleware : IMiddleware
{
    public const string HeaderName = "X-API-Key";
    private static readonly string[] PublicPrefixes = ["/swagger", "/openapi", "/viewer", "/files/"];
    private readonly (byte[] Key, Caller Caller)[] _keys;
    private readonly IProblemDetailsService _problems;

    public ApiKeyMiddleware(IOptions<ServiceOptions> options, IProblemDetailsService problems)
    {
        _keys = [.. options.Value.ApiKeyEntries.Select(entry => (Encoding.UTF8.GetBytes(entry.Key), new Caller(entry.Owner)))];
        _problems = problems;
    }

    /// <summary>Other components (e.g. an SSE route) may accept a key another way and call this.</summary>
    public bool IsValidKey(string? candidate) => Authenticate(candidate) is not null;

    /// <returns>Who the key acts as, or null when it is no key of API_KEYS.</returns>
    public Caller? Authenticate(string? candidate)
    {
        if (string.IsNullOrEmpty(candidate))
        {
            return null;
        }
        var bytes = Encoding.UTF8.GetBytes(candidate);
        Caller? match = null;
        foreach (var (key, caller) in _keys)
        {
            // Compare against every key so timing does not reveal which one (or whether any) matched.
            if (CryptographicOperations.FixedTimeEquals(bytes, key))
            {
                match = caller;
            }
        }
        return match;
    }

    public bool AuthEnabled => _keys.Length > 0;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (AuthEnabled && Authenticate(context.Request.Headers[HeaderName]) is { } caller)
        {
            context.Features.Set(caller);
            await next(context);
            return;
        }
        if (!AuthEnabled || IsPublic(context))
        {
            await next(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        await _problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = 401, Title = "Unauthorized", Detail = $"A valid {HeaderName} header is required." },
        });
    }

    private static bool IsPublic(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        return HttpMethods.IsOptions(context.Request.Method) || path is "/" or "/health"
            || PublicPrefixes.Any(prefix => path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            || context.GetEndpoint()?.Metadata.GetMetadata<AllowWithoutApiKeyAttribute>() is not null;
    }
}

/// <summary>Marks an endpoint that does its own authentication (e.g. a token in the query string).</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class AllowWithoutApiKeyAttribute : Attribute;
