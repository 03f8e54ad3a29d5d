using DramaGen.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace DramaGen.Tests.Viewer;

/// <summary>
/// Holds every video call of the app's own (local) video provider until the test releases them, so a browser test
/// can look at a run that is certainly still going, however slow the machine. Disposing releases them too, so an
/// assertion failing first never leaves the app unable to stop.
/// </summary>
public sealed class HeldVideos : IAsyncDisposable
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Wraps the IVideoProvider the app registered.</summary>
    public void Install(IServiceCollection services)
    {
        var registered = services.Last(descriptor => descriptor.ServiceType == typeof(IVideoProvider));
        services.Remove(registered);
        services.AddSingleton<IVideoProvider>(provider =>
            new Held((IVideoProvider)registered.ImplementationFactory!(provider), _released.Task));
    }

    public void Release() => _released.TrySetResult();

    public ValueTask DisposeAsync()
    {
        Release();
        return ValueTask.CompletedTask;
    }

    private sealed class Held(IVideoProvider inner, Task released) : IVideoProvider
    {
        public string Name => inner.Name;
        public string Model => inner.Model;
        public int MaxReferenceImages => inner.MaxReferenceImages;

        public async Task<GeneratedMedia> GenerateVideoAsync(VideoRequest request, CancellationToken cancellationToken = default)
        {
            await released.WaitAsync(cancellationToken);
            return await inner.GenerateVideoAsync(request, cancellationToken);
        }
    }
}
