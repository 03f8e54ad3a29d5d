using DramaGen.Jobs;

namespace DramaGen.Tests.Jobs;

/// <summary>The written-down life of a job: which status may follow which, pinned pair by pair.</summary>
public sealed class JobTransitionsTests
{
    // As the README and JobTransitions write them, in the wire spelling.
    private static readonly string[] Allowed =
    [
        "pending -> running", "pending -> completed", "pending -> failed", "pending -> skipped", "pending -> cancelled",
        "running -> completed", "running -> failed", "running -> skipped", "running -> cancelled",
        "running -> pending",
    ];

    [Fact]
    public void Exactly_the_written_down_moves_are_allowed_and_a_status_may_always_stay()
    {
        foreach (var from in Enum.GetValues<JobStatus>())
        {
            foreach (var to in Enum.GetValues<JobStatus>())
            {
                Assert.True(JobTransitions.IsAllowed(from, to) == (from == to || Allowed.Contains($"{from.ToWire()} -> {to.ToWire()}")), $"{from} -> {to}");
            }
        }
    }

    [Fact]
    public void Final_statuses_are_the_ones_nothing_leaves()
    {
        foreach (var status in Enum.GetValues<JobStatus>())
        {
            var leaves = Enum.GetValues<JobStatus>().Any(to => to != status && JobTransitions.IsAllowed(status, to));
            Assert.Equal(!status.IsFinal(), leaves);
        }
    }

    [Fact]
    public void An_illegal_move_throws_naming_the_job_and_both_statuses()
    {
        var refused = Assert.Throws<InvalidJobTransitionException>(() => JobTransitions.Ensure("job_x", JobStatus.Completed, JobStatus.Running));

        Assert.Equal("Job 'job_x' cannot go from completed to running.", refused.Message);
    }

    [Theory]
    [InlineData(JobStatus.Pending, "pending")]
    [InlineData(JobStatus.Running, "running")]
    [InlineData(JobStatus.Completed, "completed")]
    [InlineData(JobStatus.Failed, "failed")]
    [InlineData(JobStatus.Skipped, "skipped")]
    [InlineData(JobStatus.Cancelled, "cancelled")]
    public void A_status_is_persisted_and_answered_as_its_lowercase_wire_string(JobStatus status, string wire)
    {
        Assert.Equal(wire, status.ToWire());
        Assert.Equal($"\"{wire}\"", System.Text.Json.JsonSerializer.Serialize(status));
        Assert.Equal(status, System.Text.Json.JsonSerializer.Deserialize<JobStatus>($"\"{wire}\""));
        Assert.True(JobStatuses.TryParse(wire, out var parsed) && parsed == status);
    }
}
