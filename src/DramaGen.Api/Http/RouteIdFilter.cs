namespace DramaGen.Http;

/// <summary>
/// Every route value named like an id ({dramaId}, {jobId}, {sceneId}, ...) must be one (<see cref="Ids"/>), or the
/// request ends with the 400 problem detail before the handler runs, so handlers take their ids as valid.
/// A {dramaId} must also be one the caller's key may see (<see cref="IDramaOwners"/>): another owner's drama is 404.
/// </summary>
internal sealed class RouteIdFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        foreach (var (name, value) in http.Request.RouteValues)
        {
            if (name.EndsWith("Id", StringComparison.Ordinal) && value is string id && !Ids.IsValid(id))
            {
                return Problems.InvalidId(name, id);
            }
        }
        if (http.Request.RouteValues.TryGetValue("dramaId", out var drama) && drama is string dramaId && http.GetCaller() is { IsAdmin: false } caller
            && !await http.RequestServices.GetRequiredService<IDramaOwners>().IsVisibleAsync(dramaId, caller, http.RequestAborted))
        {
            return Problems.NotFound($"Drama '{dramaId}' was not found.");
        }
        return await next(context);
    }
}

public static class RouteIdFilterExtensions
{
    /// <summary>Validates the route's ids on every endpoint of <paramref name="builder"/> (a route group, usually).</summary>
    public static TBuilder ValidateRouteIds<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(new RouteIdFilter());
}
