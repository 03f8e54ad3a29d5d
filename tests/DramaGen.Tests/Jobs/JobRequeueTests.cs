using DramaGen.Configuration;
using DramaGen.Jobs;
using DramaGen.Jobs.Files;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DramaGen.Tests.Jobs;

/// <summary>Start-up recovery: a job a crash left running is pending again; any other job is left as it is.</summary>
public sealed class JobRequeueTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dramagen-requeue-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(JobStatus.Running, JobStatus.Pending)]
    [InlineData(JobStatus.Pending, JobStatus.Pending)]
    [InlineData(JobStatus.Completed, JobStatus.Completed)]
    [InlineData(JobStatus.Failed, JobStatus.Failed)]
    public async Task Only_a_running_job_goes_back_to_pending(JobStatus found, JobStatus expected)
    {
        IJobStore store = new FileJobStore(Options.Create(new JobsOptions { JobsDir = _directory }), NullLogger<FileJobStore>.Instance);
        var job = await store.CreateAsync(new JobRecord { JobId = "job_found", DramaId = "drama_q", JobType = "image", Status = found });

        await JobRequeue.RequeueIfRunningAsync(store, job);

        Assert.Equal(expected, store.Get("job_found")!.Status);
    }
}
