using DramaGen.Pacing;

namespace DramaGen.Providers;

/// <summary>
/// Tells a capability's pool how its provider answers, attempt by attempt (it sits inside the resilience handler):
/// a 429 lowers the live limit and pauses every run's submissions until its Retry-After, an accepted submission
/// counts toward raising the limit again. Polls and downloads (GET) are not submissions and do not count as success. With
/// several instances a 429 pauses the capability on all of them (<see cref="IClusterQuotas"/>).
/// </summary>
internal sealed class ThrottleReportingHandler(Func<HttpRequestMessage, CapacityPool> poolFor, IClusterQuotas cluster, TimeProvider clock) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if ((int)response.StatusCode == 429)
        {
            var retryAfter = RetryAfter(response);
            poolFor(request).ReportThrottled(retryAfter);
            await cluster.ReportThrottledAsync(poolFor(request), retryAfter, cancellationToken);
        }
        else if (response.IsSuccessStatusCode && request.Method != HttpMethod.Get)
        {
            poolFor(request).ReportSuccess();
        }
        return response;
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - clock.GetUtcNow(),
        _ => null,
    };
}
