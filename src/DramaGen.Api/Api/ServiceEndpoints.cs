using DramaGen.Jobs;
using System.Reflection;
using DramaGen.Configuration;
using DramaGen.Pacing;
using DramaGen.Providers;
using DramaGen.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DramaGen.Api;

/// <summary>GET / (what is running) and GET /health (can it reach its storage).</summary>
public static class ServiceEndpoints
{
    public static readonly string Version =
        typeof(ServiceEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static IEndpointRouteBuilder MapService(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", GetInfo).WithTags("Service").WithSummary("Service name, version, providers and links");
        routes.MapGet("/health", GetHealthAsync).WithTags("Service").WithSummary("200 when storage and the job store answer and JOBS_DIR is writable, 503 otherwise; says whether this instance runs the engine");
        return routes;
    }

    public static Ok<ServiceInfo> GetInfo(IObjectStore store, ITextProvider text, IImageProvider image, IVideoProvider video, ISpeechProvider speech,
        IOptions<ServiceOptions> options, IOptions<ProvidersOptions> providers, CapacityPools pools)
    {
        var embedded = store.Kind == "local" && text.Name == "local" && image.Name == "local" && video.Name == "local";
        var choices = providers.Value;
        return TypedResults.Ok(new ServiceInfo(
            "DramaGen", Version, options.Value.Environment, embedded ? "embedded defaults (local store, local providers)" : "configured",
            new ServiceComponents(store.Kind, text.Name, image.Name, video.Name),
            new Dictionary<string, CapabilityInfo>
            {
                ["text"] = new(text.Name, text.Model, choices.TextChoice.Reason),
                ["image"] = new(image.Name, image.Model, choices.ImageChoice.Reason),
                ["video"] = new(video.Name, video.Model, choices.VideoChoice.Reason),
                ["speech"] = new(speech.Name, speech.Model, choices.SpeechChoice.Reason),
            },
            pools.States,
            new CorsInfo(options.Value.CorsOriginList, options.Value.CorsOriginList.Count == 0
                ? "same origin only (the viewer works); set CORS_ORIGINS for a browser frontend on another origin"
                : "these origins may call the API from a browser"),
            new Dictionary<string, string> { ["docs"] = "/swagger", ["openapi"] = "/openapi/v1.json", ["viewer"] = "/viewer/", ["health"] = "/health", ["dramas"] = "/dramas" }));
    }

    public static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> GetHealthAsync(IObjectStore store,
        JobsDirectoryHealth jobsDirectory, IJobStore jobStore, IEngineLeadership leadership, CancellationToken cancellationToken)
    {
        var jobs = jobsDirectory.Problem is { } problem
            ? new HealthCheck("directory", "unwritable", problem)
            : new HealthCheck("directory", "ok", null);
        var storage = await CheckAsync(store.Kind, store.CheckHealthAsync, cancellationToken);
        var jobStoreCheck = await CheckAsync(jobStore.Kind, jobStore.CheckHealthAsync, cancellationToken);
        // A standby is healthy: it serves the API and takes over the engine when the leader goes.
        var engine = new EngineHealth(leadership.IsLeader ? "leader" : "standby", leadership.IsLeader);
        return storage.Status == "ok" && jobs.Status == "ok" && jobStoreCheck.Status == "ok"
            ? TypedResults.Ok(new HealthReport("healthy", Version, storage, jobs, jobStoreCheck, engine))
            : TypedResults.Json(new HealthReport("unhealthy", Version, storage, jobs, jobStoreCheck, engine), statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>ok, or unreachable with the exception's type only: a message could carry a host's secrets.</summary>
    private static async Task<HealthCheck> CheckAsync(string kind, Func<CancellationToken, Task> check, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await check(timeout.Token);
            return new HealthCheck(kind, "ok", null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheck(kind, "unreachable", e.GetType().Name);
        }
    }
}

public sealed record ServiceInfo(string Service, string Version, string Environment, string Mode, ServiceComponents Components,
    IReadOnlyDictionary<string, CapabilityInfo> Providers, IReadOnlyDictionary<string, PoolState> Pacing, CorsInfo Cors, IReadOnlyDictionary<string, string> Links);

/// <summary>Who serves a capability and which setting chose it.</summary>
public sealed record CapabilityInfo(string Provider, string Model, string Reason);

/// <summary>The browser origins allowed by CORS_ORIGINS (empty: same origin only).</summary>
public sealed record CorsInfo(IReadOnlyList<string> AllowedOrigins, string Note);

public sealed record ServiceComponents(string Storage, string TextProvider, string ImageProvider, string VideoProvider);

public sealed record HealthReport(string Status, string Version, HealthCheck Storage,
    [property: System.Text.Json.Serialization.JsonPropertyName("jobs_dir")] HealthCheck JobsDir,
    [property: System.Text.Json.Serialization.JsonPropertyName("job_store")] HealthCheck JobStore,
    EngineHealth Engine);

/// <summary>Whether this instance runs the engine ("leader") or stands by to take it over ("standby").</summary>
public sealed record EngineHealth(string Role, bool Leader);

public sealed record HealthCheck(string Kind, string Status, string? Error);
