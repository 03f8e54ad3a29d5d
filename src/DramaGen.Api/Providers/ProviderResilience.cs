using System.Net;
using DramaGen.Configuration;
using DramaGen.Pacing;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace DramaGen.Providers;

/// <summary>
/// One pipeline per provider, outermost first: total timeout; a wait for an open circuit to close; the
/// circuit breaker; retry (429/408/5xx/timeouts/network errors, honouring Retry-After); a request permit of the
/// capability's quota for each attempt (<see cref="RequestPermitStrategy"/>); per-attempt timeout.
/// The breaker sits outside the retry so it counts only what retries could not absorb (a burst never
/// opens it), and never 429 (throttling is paced, not an outage). A call meeting an open circuit waits for
/// it to close, bounded by the total timeout, instead of failing. All waits go through the TimeProvider.
/// </summary>
internal static class ProviderResilience
{
    /// <summary>Cap of the exponential backoff; a Retry-After from the provider is honoured as sent.</summary>
    internal static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    internal const int CircuitMinimumThroughput = 10;
    internal static readonly TimeSpan CircuitBreakDuration = TimeSpan.FromSeconds(30);

    /// <param name="pacedBy">The capability pool whose request quota an attempt at the request counts against.</param>
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, string name, IServiceProvider services,
        Func<HttpRequestMessage, CapacityPool> pacedBy)
    {
        var options = services.GetRequiredService<IOptions<ProvidersOptions>>().Value;
        builder.TimeProvider = services.GetRequiredService<TimeProvider>();
        var attemptTimeout = TimeSpan.FromSeconds(options.RequestTimeoutSeconds);

        builder.AddTimeout(new TimeoutStrategyOptions
        {
            Name = $"{name}-total-timeout",
            Timeout = TotalTimeout(options),
        });
        builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            Name = $"{name}-circuit-wait",
            // Bounded by the total timeout above; a rejected call never reached the provider, so waiting is free.
            MaxRetryAttempts = int.MaxValue,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is BrokenCircuitException),
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                (args.Outcome.Exception as BrokenCircuitException)?.RetryAfter is { } retryAfter && retryAfter > TimeSpan.Zero
                    ? retryAfter
                    : CircuitBreakDuration),
        });
        builder.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            Name = $"{name}-circuit",
            FailureRatio = 0.5,
            MinimumThroughput = CircuitMinimumThroughput,
            SamplingDuration = TimeSpan.FromSeconds(60),
            BreakDuration = CircuitBreakDuration,
            ShouldHandle = args => ValueTask.FromResult(IsOutage(args.Outcome)),
        });
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                Name = $"{name}-retry",
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(options.RetryBaseDelayMs),
                MaxDelay = MaxBackoff,
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.GetRequestMessage())),
            });
        }
        var cluster = services.GetService<IClusterQuotas>() ?? ProcessQuotas.Instance;
        builder.AddStrategy(_ => new RequestPermitStrategy(pacedBy, cluster), new RequestPermitStrategy.Options($"{name}-request-permit"));
        builder.AddTimeout(new TimeoutStrategyOptions { Name = $"{name}-attempt-timeout", Timeout = attemptTimeout });
    }

    /// <summary>
    /// Marks a request that starts a paid job (a video submission). It is retried only when the provider
    /// answered 429/5xx or the connection never opened: after a timeout or a dropped connection the job may
    /// exist already, and a second submission would pay twice.
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> SubmitsPaidJob = new("DramaGen.SubmitsPaidJob");

    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage? request)
    {
        if (!IsTransient(outcome))
        {
            return false;
        }
        var submitsPaidJob = request is not null && request.Options.TryGetValue(SubmitsPaidJob, out var flag) && flag;
        return !submitsPaidJob || outcome.Result is not null || outcome.Exception is HttpRequestException
        {
            HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError,
        };
    }

    /// <summary>Every attempt at its full timeout plus the longest backoff between them.</summary>
    internal static TimeSpan TotalTimeout(ProvidersOptions options) =>
        TimeSpan.FromSeconds(options.RequestTimeoutSeconds) * (options.MaxRetries + 1) + MaxBackoff * options.MaxRetries;

    /// <summary>
    /// Worth another attempt: throttling, server errors, timeouts and network failures. Other 4xx
    /// (validation, auth, safety) would fail the same way again, so they are never retried.
    /// </summary>
    internal static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => IsTransient(response.StatusCode),
        _ => false,
    };

    /// <summary>What the breaker counts: a transient failure other than throttling.</summary>
    internal static bool IsOutage(Outcome<HttpResponseMessage> outcome) =>
        IsTransient(outcome) && outcome.Result?.StatusCode != HttpStatusCode.TooManyRequests;

    internal static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;
}
