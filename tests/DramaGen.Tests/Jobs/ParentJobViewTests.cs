using System.Text.Json;
using System.Text.Json.Nodes;
using DramaGen.Jobs;

namespace DramaGen.Tests.Jobs;

public sealed class ParentJobViewTests
{
    [Fact]
    public void A_parent_answers_every_field_of_its_record_in_the_record_order_then_its_counts_and_children()
    {
        var record = new JobRecord
        {
            JobId = "job_1", DramaId = "drama_1", AssetId = "drama_1", JobType = ParentJobView.DagJobType, Status = JobStatus.Running,
            Prompt = "p", R2Url = "https://r2/x", Error = "e", CreatedAt = DateTimeOffset.Parse("2026-01-02T03:04:05.678+00:00"),
            StartedAt = DateTimeOffset.Parse("2026-01-02T03:04:06Z"), CompletedAt = DateTimeOffset.Parse("2026-01-02T03:04:07Z"),
            ParentJobId = "job_0", Metadata = new JsonObject { ["up_to_date"] = true }, Result = new JsonObject { ["dramaId"] = "drama_1" },
        };
        var child = JsonSerializer.SerializeToUtf8Bytes(new JobRecord { JobId = "job_2", DramaId = "drama_1", JobType = "image" });

        var view = JsonSerializer.SerializeToNode(ParentJobView.Of(record, new JobCounts(1, 0, 0, 1, 0, 0), new RawJsonArray([child])))!.AsObject();

        var own = JsonSerializer.SerializeToNode(record)!.AsObject();
        Assert.Equal([.. own.Select(pair => pair.Key), "total_jobs", "completed_jobs", "failed_jobs", "running_jobs", "pending_jobs", "skipped_jobs", "jobs"],
            view.Select(pair => pair.Key));
        Assert.All(own, pair => Assert.True(JsonNode.DeepEquals(pair.Value, view[pair.Key]), pair.Key));
        Assert.Equal(1, view["total_jobs"]!.GetValue<int>());
        Assert.Equal("job_2", view["jobs"]![0]!["job_id"]!.GetValue<string>());
    }
}
