using Amazon.Runtime;
using DramaGen.Http;

namespace DramaGen.Storage;

/// <summary>
/// The object store failing (S3/R2 down, refusing, timing out) is the service's trouble, not the client's: a 503
/// naming storage, not a bare 500. No route calls a provider inline, so a failed HTTP request here is storage's.
/// </summary>
internal sealed class StorageExceptionProblems(IObjectStore store) : IExceptionProblems
{
    public MappedProblem? Map(Exception exception) => exception switch
    {
        AmazonServiceException service => Unavailable($"it answered {(int)service.StatusCode} {service.ErrorCode}".TrimEnd()),
        AmazonClientException or HttpRequestException => Unavailable("it could not be reached"),
        StorageUnavailableException => Unavailable(exception.Message),
        _ => null,
    };

    private MappedProblem Unavailable(string why) =>
        new(StatusCodes.Status503ServiceUnavailable, "Storage unavailable", $"The object store ({store.Kind}) failed: {why}. Retry shortly.");
}
