using System.Text.Json;
using DramaGen.Http;
using Microsoft.AspNetCore.Diagnostics;

namespace DramaGen.Api;

/// <summary>
/// The last line of defence: known failures become their 4xx problem detail, anything else a 500
/// without internals. Handlers normally return typed results and never reach this. Each feature maps its own
/// exceptions (<see cref="IExceptionProblems"/>).
/// </summary>
internal sealed class ApiExceptionHandler(IProblemDetailsService problems, IEnumerable<IExceptionProblems> features, ILogger<ApiExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var mapped = features.Select(feature => feature.Map(exception)).FirstOrDefault(problem => problem is not null);
        var (status, title, detail) = mapped is not null ? (mapped.Status, mapped.Title, mapped.Detail) : exception switch
        {
            QueueFullException full => (StatusCodes.Status503ServiceUnavailable, "Service unavailable", full.Message),
            BadHttpRequestException bad => (bad.StatusCode, "Bad request", bad.Message),
            JsonException json => (StatusCodes.Status400BadRequest, "Malformed JSON", json.Message),
            OperationCanceledException when context.RequestAborted.IsCancellationRequested => (499, "Client closed request", null),
            _ => (StatusCodes.Status500InternalServerError, "Internal server error", "The server failed to handle the request."),
        };
        if (status >= 500)
        {
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", context.Request.Method, context.Request.Path);
        }
        context.Response.StatusCode = status;
        if (exception is QueueFullException { RetryAfterSeconds: var retryAfter })
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
