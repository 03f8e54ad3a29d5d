namespace DramaGen.Generation.Events;

public static class RunEventsServiceCollectionExtensions
{
    /// <summary>
    /// The real <see cref="IRunEventPublisher"/> (the engine only TryAdds a do-nothing default, so this wins
    /// whichever is registered first), the stream tokens, and the relay of run events between instances.
    /// </summary>
    public static IServiceCollection AddRunEvents(this IServiceCollection services)
    {
        services.AddOptions<RunEventOptions>();
        services.AddSingleton<RunEventHub>();
        services.AddSingleton<IRunEventPublisher>(provider => provider.GetRequiredService<RunEventHub>());
        services.AddSingleton<StreamTokens>();
        services.AddHostedService<RunEventRelay>();
        return services;
    }
}
