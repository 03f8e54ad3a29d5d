using Microsoft.AspNetCore.Http.HttpResults;

namespace DramaGen.Http;

/// <summary>
/// Who a request acts as: the owner of its API key (an entry <c>key=user_id</c> of API_KEYS), or an admin
/// (a bare key, or auth off) who may act for any user. An owned key sees only its user's assets and the
/// dramas it created; everything else answers 404, so ids of others do not leak.
/// </summary>
public sealed record Caller(string? OwnerId)
{
    public static readonly Caller Admin = new((string?)null);

    public bool IsAdmin => OwnerId is null;

    /// <summary>The user a request acts for: what it asked (or <paramref name="fallback"/>) for an admin, the key's own user otherwise.</summary>
    /// <returns>Null when an owned key asked for another user's space.</returns>
    public string? UserIdFor(string? requested, string fallback) =>
        IsAdmin ? requested ?? fallback : requested is null || requested == OwnerId ? OwnerId : null;

    /// <summary>What an owned key hears about another user's space: the same 404 as a user with nothing stored.</summary>
    public static ProblemHttpResult UnknownUser(string? userId) => Problems.NotFound($"User '{userId}' was not found.");
}

public static class CallerExtensions
{
    /// <summary>Set by <see cref="ApiKeyMiddleware"/>; an admin when auth is off.</summary>
    public static Caller GetCaller(this HttpContext context) => context.Features.Get<Caller>() ?? Caller.Admin;
}

/// <summary>Which dramas an owned key may see; the dramas feature records the creator of each.</summary>
public interface IDramaOwners
{
    Task<bool> IsVisibleAsync(string dramaId, Caller caller, CancellationToken cancellationToken);
}
