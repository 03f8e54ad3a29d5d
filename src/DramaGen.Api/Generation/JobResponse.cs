namespace DramaGen.Generation;

/// <summary>The 202 answer of long work (contract.md), camelCase as the seeds' frontend expects.</summary>
public sealed record JobResponse(string DramaId, string JobId, string Status, string Message)
{
    public static string LocationOf(string dramaId, string jobId) => $"/dramas/{dramaId}/jobs/{jobId}";
}
