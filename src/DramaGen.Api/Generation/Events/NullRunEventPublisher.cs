namespace DramaGen.Generation.Events;

/// <summary>The default until a viewer registers a real publisher: events go nowhere.</summary>
public sealed class NullRunEventPublisher : IRunEventPublisher
{
    public void Publish(RunEvent runEvent)
    {
    }

    /// <summary>Nobody watches: no progress event needs its counts read.</summary>
    public bool KeepsEventsOf(string parentJobId) => false;
}
