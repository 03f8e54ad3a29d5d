using DramaGen.Pacing;
using Polly;

namespace DramaGen.Providers;

/// <summary>
/// Takes a request permit of the capability's quota (TEXT/IMAGE/VIDEO/SPEECH_RPM) for every attempt at a submission,
/// retries included, and marks it answered when the attempt ends, so the permit comes back a minute after the provider
/// answered (<see cref="CapacityPool.TakeRequestPermitAsync"/>). It sits directly inside the retry, the one place every
/// attempt passes, and outside the per-attempt timeout, so a wait for a permit is no attempt's time (only the call's
/// total timeout bounds it). Polls and downloads (GET) are not submissions and take none, as they do not count toward
/// raising the live limit either (<see cref="ThrottleReportingHandler"/>). With several instances the attempt also takes a
/// permit of the quota they share (<see cref="IClusterQuotas"/>): the local one paces this process, the shared one the provider.
/// </summary>
internal sealed class RequestPermitStrategy(Func<HttpRequestMessage, CapacityPool> poolFor, IClusterQuotas cluster) : ResilienceStrategy<HttpResponseMessage>
{
    protected override async ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback, ResilienceContext context, TState state)
    {
        var request = context.GetRequestMessage();
        if (request is null || request.Method == HttpMethod.Get)
        {
            return await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
        }
        var pool = poolFor(request);
        RequestQuota.QuotaLease? permit = null;
        IClusterPermit? shared = null;
        try
        {
            permit = await pool.TakeRequestPermitAsync(context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
            shared = await cluster.TakeAsync(pool, context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
        }
        catch (Exception e)
        {
            // The local permit comes back a window from now, whether the shared quota was cancelled or unreachable.
            permit?.Answered();
            if (e is OperationCanceledException cancelled)
            {
                return Outcome.FromException<HttpResponseMessage>(cancelled);
            }
            throw;
        }
        try
        {
            return await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
        }
        finally
        {
            permit?.Answered();
            if (shared is not null)
            {
                await shared.AnsweredAsync().ConfigureAwait(context.ContinueOnCapturedContext);
            }
        }
    }

    /// <summary>The strategy has no settings of its own; Polly asks for options to name it.</summary>
    internal sealed class Options : ResilienceStrategyOptions
    {
        public Options(string name) => Name = name;
    }
}
