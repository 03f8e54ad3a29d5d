namespace DramaGen.Http;

/// <summary>
/// Every route value named like an id ({dramaId}, {jobId}, {sceneId}, ...) must be one (<see cref="Ids"/>), or the
/// request ends with the 400 problem detail before the handler runs, so handlers take their ids as valid.
/// </summary>
internal sealed class RouteIdFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        foreach (var (name, value) in context.HttpContext.Request.RouteValues)
        {
            if (name.EndsWith("Id", StringComparison.Ordinal) && value is string id && !Ids.IsValid(id))
            {
                return ValueTask.FromResult<object?>(Problems.InvalidId(name, id));
            }
        }
        return next(context);
    }
}

public static class RouteIdFilterExtensions
{
    /// <summary>Validates the route's ids on every endpoint of <paramref name="builder"/> (a route group, usually).</summary>
    public static TBuilder ValidateRouteIds<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(new RouteIdFilter());
}
