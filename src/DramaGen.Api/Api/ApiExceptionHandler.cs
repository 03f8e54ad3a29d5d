using System.Text.Json;
using DramaGen.Dramas;
using Microsoft.AspNetCore.Diagnostics;

namespace DramaGen.Api;

/// <summary>
/// The last line of defence: known failures become their 4xx problem detail, anything else a 500
/// without internals. Handlers normally return typed results and never reach this.
/// </summary>
internal sealed class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "Bad request", bad.Message),
            JsonException json => (StatusCodes.Status400BadRequest, "Malformed JSON", json.Message),
            DramaNotFoundException notFound => (StatusCodes.Status404NotFound, "Not found", notFound.Message),
            DramaPreconditionFailedException stale => (StatusCodes.Status412PreconditionFailed, "Precondition failed", stale.Message),
            DramaExistsException exists => (StatusCodes.Status409Conflict, "Conflict", exists.Message),
            OperationCanceledException when context.RequestAborted.IsCancellationRequested => (499, "Client closed request", null),
            _ => (StatusCodes.Status500InternalServerError, "Internal server error", "The server failed to handle the request."),
        };
        if (status >= 500)
        {
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", context.Request.Method, context.Request.Path);
        }
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
