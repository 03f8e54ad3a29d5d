namespace DramaGen.Jobs;

// PLACEHOLDER: GET /dramas/{dramaId}/jobs and /jobs/{jobId}.
public static class JobEndpoints
{
    public static IEndpointRouteBuilder MapJobs(this IEndpointRouteBuilder routes) => routes;
}
