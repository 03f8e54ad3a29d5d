namespace DramaGen.Generation.Events;

/// <summary>The default until a viewer registers a real publisher: events go nowhere.</summary>
public sealed class NullRunEventPublisher : IRunEventPublisher
{
    public void Publish(RunEvent runEvent)
    {
    }
}
