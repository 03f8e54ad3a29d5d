namespace DramaGen.Providers;

/// <summary>
/// Reads each response body inside the attempt that fetched it. Sitting inside the resilience handler, it puts
/// the body (a video can be large) under the per-attempt timeout and makes a connection dropped mid-body a
/// retryable failure, instead of a read that hangs or fails after the retry pipeline has already returned.
/// </summary>
internal sealed class ResponseBufferingHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        try
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
        }
        catch
        {
            response.Dispose();
            throw;
        }
        return response;
    }
}
