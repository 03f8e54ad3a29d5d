using DramaGen.Generation.Estimates;
using DramaGen.Generation.Planning;

namespace DramaGen.Tests.Generation.Estimates;

public sealed class ScheduleSimulationTests
{
    private static readonly DramaGraph Portraits = DramaGraph.Build(TestDramas.Generated("drama_sim", characters: 4, episodes: 0, scenesPerEpisode: 0, auditions: false));

    private static double Remaining(SimulatedLane images, Func<int, SimulatedNode>? node = null) =>
        ScheduleSimulation.RemainingSeconds(Portraits, Portraits.TopologicalOrder, node ?? (_ => new SimulatedNode(SimulatedStatus.Pending, 1, 1)),
            new Dictionary<Capability, SimulatedLane> { [Capability.Image] = images });

    [Fact]
    public void Slots_bound_how_many_calls_run_at_once()
    {
        Assert.Equal(4, Remaining(new SimulatedLane(1)));
        Assert.Equal(2, Remaining(new SimulatedLane(2)));
    }

    [Fact]
    public void A_request_quota_holds_further_calls_until_its_permits_come_back_a_minute_after_the_answers()
    {
        // Two permits left of 2 per minute: two portraits now (answered at 1 s), two more when their permits return at 61 s.
        Assert.Equal(62, Remaining(new SimulatedLane(4, RequestsPerMinute: 2, RequestsAvailable: 2)));
        // None left: what was spent comes back a minute from now; those two are answered at 61 s, the last two start at 121 s.
        Assert.Equal(122, Remaining(new SimulatedLane(4, RequestsPerMinute: 2, RequestsAvailable: 0)));
    }

    [Fact]
    public void A_running_call_holds_its_slot_for_what_is_left_of_it_and_done_nodes_cost_nothing()
    {
        var first = Portraits.TopologicalOrder[0];
        var second = Portraits.TopologicalOrder[1];
        var remaining = Remaining(new SimulatedLane(1), index =>
            index == first ? new SimulatedNode(SimulatedStatus.Running, 1, 1, ElapsedSeconds: 0.25)
            : index == second ? new SimulatedNode(SimulatedStatus.Done, 0, 0)
            : new SimulatedNode(SimulatedStatus.Pending, 1, 1));

        Assert.Equal(2.75, remaining);
    }

    [Fact]
    public void A_reused_workspace_carries_nothing_from_one_simulation_into_the_next()
    {
        var workspace = new ScheduleSimulation.SimulationWorkspace(Portraits.Nodes.Count);
        var first = Portraits.TopologicalOrder[0];
        SimulatedNode Mixed(int index) => index == first ? new SimulatedNode(SimulatedStatus.Running, 5, 1, ElapsedSeconds: 1) : new SimulatedNode(SimulatedStatus.Pending, 3, index);
        var lanes = new Dictionary<Capability, SimulatedLane> { [Capability.Image] = new SimulatedLane(2, RequestsPerMinute: 3, RequestsAvailable: 1) };

        var fresh = ScheduleSimulation.RemainingSeconds(Portraits, Portraits.TopologicalOrder, Mixed, lanes);
        // The workspace first serves a different simulation (all pending, one lane), then the one above, twice.
        ScheduleSimulation.RemainingSeconds(Portraits, Portraits.TopologicalOrder, _ => new SimulatedNode(SimulatedStatus.Pending, 1, 1),
            new Dictionary<Capability, SimulatedLane> { [Capability.Image] = new SimulatedLane(1) }, workspace: workspace);
        var reused = ScheduleSimulation.RemainingSeconds(Portraits, Portraits.TopologicalOrder, Mixed, lanes, workspace: workspace);
        var again = ScheduleSimulation.RemainingSeconds(Portraits, Portraits.TopologicalOrder, Mixed, lanes, workspace: workspace);

        Assert.Equal((fresh, fresh), (reused, again));
        Assert.True(fresh > 60); // the quota holds two of the portraits back: the case exercises the permits too
    }
}
