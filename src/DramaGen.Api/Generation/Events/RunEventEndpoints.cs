using DramaGen.Http;
using DramaGen.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DramaGen.Generation.Events;

/// <summary>GET /dramas/{dramaId}/jobs/{jobId}/events (live progress as SSE) and POST /auth/stream-token.</summary>
public static class RunEventEndpoints
{
    public const string LastEventIdHeader = "Last-Event-ID";

    public static IEndpointRouteBuilder MapRunEvents(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/dramas/{dramaId}/jobs/{jobId}/events", StreamAsync)
            .WithTags("Jobs")
            .ValidateRouteIds()
            .WithMetadata(new AllowWithoutApiKeyAttribute()) // checks X-API-Key or ?token= itself
            .WithSummary("Server-Sent Events of a run: node, progress and end events; Last-Event-ID (or ?lastEventId=) resumes")
            .WithDescription("With API_KEYS set, send X-API-Key or ?token= from POST /auth/stream-token (EventSource cannot set headers).")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(404);
        routes.MapPost("/auth/stream-token", IssueToken)
            .WithTags("Auth")
            .WithSummary("A token for one job's events route (?token=, valid 5 minutes): ?dramaId=&jobId= name the job; needs X-API-Key")
            .ProducesProblem(400).ProducesProblem(404);
        return routes;
    }

    internal static async Task<Results<RunEventStream, NoContent, ProblemHttpResult>> StreamAsync(string dramaId, string jobId, string? token,
        string? lastEventId, HttpContext context, RunEventHub hub, StreamTokens tokens, ApiKeyMiddleware apiKeys, IJobStore jobs,
        IDramaOwners owners, IOptions<RunEventOptions> options, TimeProvider clock, IHostApplicationLifetime lifetime)
    {
        if (apiKeys.AuthEnabled && apiKeys.Authenticate(context.Request.Headers[ApiKeyMiddleware.HeaderName]) is null)
        {
            // A token opens this drama's job only, as the owner it was issued to (the id filter saw no key, so checks again here).
            if (tokens.Validate(token, dramaId, jobId) is not { } tokenCaller)
            {
                return Problems.Status(401, $"A valid {ApiKeyMiddleware.HeaderName} header or a stream token of this job (?token=, from POST /auth/stream-token) is required.");
            }
            if (!await owners.IsVisibleAsync(dramaId, tokenCaller, context.RequestAborted))
            {
                return Problems.NotFound($"Job '{jobId}' of drama '{dramaId}' was not found.");
            }
        }
        var resumeFrom = context.Request.Headers[LastEventIdHeader].ToString() is { Length: > 0 } header ? header : lastEventId;
        if (!hub.TryParseEventId(resumeFrom, out var afterSequence))
        {
            return Problems.BadRequest($"'{resumeFrom}' is not an event id of this stream.");
        }
        var job = jobs.Get(jobId);
        if (job is null || job.DramaId != dramaId || hub.Open(jobId) is not { } log)
        {
            return Problems.NotFound($"Job '{jobId}' of drama '{dramaId}' was not found.");
        }
        if (log.ReadAfter(afterSequence) is { Ended: true, Events.Count: 0 })
        {
            return TypedResults.NoContent(); // the client saw the end already; 204 tells EventSource not to reconnect
        }
        return new RunEventStream(hub, log, afterSequence, hub.IsForeign(resumeFrom), options.Value.Heartbeat, clock, lifetime.ApplicationStopping);
    }

    internal static async Task<Results<Ok<StreamToken>, ProblemHttpResult>> IssueToken(string? dramaId, string? jobId, HttpContext context,
        StreamTokens tokens, IJobStore jobs, IDramaOwners owners)
    {
        if (!Ids.IsValid(dramaId) || !Ids.IsValid(jobId))
        {
            return Problems.BadRequest("?dramaId= and ?jobId= name the job whose events the token opens (ids match ^[A-Za-z0-9_-]{1,64}$).");
        }
        var caller = context.GetCaller();
        if (jobs.Get(jobId!) is not { } job || job.DramaId != dramaId || !await owners.IsVisibleAsync(dramaId, caller, context.RequestAborted))
        {
            return Problems.NotFound($"Job '{jobId}' of drama '{dramaId}' was not found.");
        }
        var (token, expiresAt) = tokens.Issue(dramaId, jobId!, caller);
        return TypedResults.Ok(new StreamToken(token, expiresAt));
    }
}

/// <summary>The answer of POST /auth/stream-token.</summary>
public sealed record StreamToken(string Token, DateTimeOffset ExpiresAt);
