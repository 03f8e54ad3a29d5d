using DramaGen.Configuration;
using Microsoft.Extensions.Options;

namespace DramaGen.Http;

/// <summary>
/// Refuses a state-changing request sent by a browser page of another origin (403). CORS alone only hides the
/// answer from such a page; the request itself (a generate, an upload) would still run, and with auth off
/// nothing else stops it. Requests without an Origin (curl, server-to-server) are not browser cross-site requests.
/// </summary>
internal sealed class SameOriginMiddleware(IOptions<ServiceOptions> service, IProblemDetailsService problems) : IMiddleware
{
    private readonly HashSet<string> _allowed = new(service.Value.CorsOriginList.Select(origin => origin.TrimEnd('/')), StringComparer.OrdinalIgnoreCase);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        var origin = request.Headers.Origin.ToString();
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            || origin.Length == 0 || IsAllowed(origin, request))
        {
            await next(context);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = 403, Title = "Forbidden",
                Detail = $"Origin '{origin}' may not change anything here: it is neither this service nor listed in CORS_ORIGINS.",
            },
        });
    }

    private bool IsAllowed(string origin, HttpRequest request) =>
        _allowed.Contains("*") || _allowed.Contains(origin)
        || string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
}
