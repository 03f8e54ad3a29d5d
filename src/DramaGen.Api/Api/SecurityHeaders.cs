namespace DramaGen.Api;

/// <summary>
/// Headers on every response that tell a browser to run only this service's own scripts and styles (no inline
/// ones), never to frame a page of it, never to guess a content type and never to pass a URL on as a referrer.
/// Set when the response starts, so the exception handler (which clears headers) cannot drop them.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: http:; media-src 'self' https: http:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    // Swagger UI's page is a third party's and carries inline script and style; it keeps every other protection.
    private const string SwaggerContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var response = context.Response;
        response.OnStarting(() =>
        {
            var swagger = context.Request.Path.StartsWithSegments("/swagger", StringComparison.OrdinalIgnoreCase);
            response.Headers.ContentSecurityPolicy = swagger ? SwaggerContentSecurityPolicy : ContentSecurityPolicy;
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers.XFrameOptions = "DENY"; // frame-ancestors for browsers without CSP level 2
            response.Headers["Referrer-Policy"] = "no-referrer";
            return Task.CompletedTask;
        });
        await next(context);
    });
}
