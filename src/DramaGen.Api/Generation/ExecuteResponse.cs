using System.Text.Json.Serialization;
using DramaGen.Http;

namespace DramaGen.Generation;

/// <summary>The body of POST /execute (the Python service's route): {user_id, project_name, resume}.</summary>
public sealed record ExecuteRequest(
    [property: JsonPropertyName("user_id")] string? UserId,
    [property: JsonPropertyName("project_name")] string? ProjectName,
    [property: JsonPropertyName("resume")] bool Resume);

/// <summary>
/// The answer of POST /execute: the Python service's snake_case fields, and the camelCase ones every other
/// generate route returns. The run is the parent job, so dag_id and parent_job_id are both its id.
/// </summary>
public sealed record ExecuteResponse(
    [property: JsonPropertyName("dag_id")] string DagId,
    [property: JsonPropertyName("drama_id")] string DramaIdSnake,
    [property: JsonPropertyName("parent_job_id")] string ParentJobId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("dramaId")] string DramaId,
    [property: JsonPropertyName("jobId")] string JobId)
{
    public static ExecuteResponse From(JobResponse job) =>
        new(job.JobId, job.DramaId, job.JobId, job.Status, job.Message, job.DramaId, job.JobId);
}
