using DramaGen.Providers;
using DramaGen.Tests.Providers.Veo;

namespace DramaGen.Tests.Providers;

/// <summary>
/// Whether a failed video call leaves an operation worth polling again: polling that gave up on a running operation
/// does (it may still finish, and a new one would be paid for), an operation the provider failed does not.
/// Against the Veo stub server, in virtual time.
/// </summary>
public sealed class VideoOperationFlowTests : IDisposable
{
    private readonly ProviderTestHost _host = ProviderTestHost.Start(
        ("VIDEO_PROVIDER", "veo"), ("VIDEO_POLL_INTERVAL_SECONDS", "10"), ("VIDEO_POLL_TIMEOUT_SECONDS", "30"));

    public void Dispose() => _host.Dispose();

    private static VideoRequest Request(string? existingOperation = null) => new("The ferry turns in the fog", 4, "9:16", null, existingOperation);

    [Fact]
    public async Task Polling_that_gives_up_on_a_running_operation_says_it_may_still_finish_and_a_later_poll_collects_it_without_a_new_submission()
    {
        var stub = new VeoStub(_host.Server, ProviderTestHost.Key, VeoSampleDelivery.EncodedVideo) { OperationRunning = true };

        var failure = await Assert.ThrowsAsync<ProviderException>(() => _host.RunAsync(() => _host.Videos.GenerateVideoAsync(Request())));

        Assert.True(failure.OperationMayFinish);
        Assert.Contains($"operation {VeoStub.Operation} still running after 30 s", failure.Message);
        stub.OperationRunning = false;
        var (media, _) = await _host.RunAsync(() => _host.Videos.GenerateVideoAsync(Request(existingOperation: VeoStub.Operation)));
        Assert.Equal(VeoStub.Mp4, media.Content);
        Assert.Single(_host.Requests, request => request.Method == "POST");
    }

    [Fact]
    public async Task An_operation_the_provider_failed_is_not_one_to_poll_again()
    {
        _ = new VeoStub(_host.Server, ProviderTestHost.Key, VeoSampleDelivery.EncodedVideo, failingOperations: 1);

        var failure = await Assert.ThrowsAsync<ProviderException>(() => _host.RunAsync(() => _host.Videos.GenerateVideoAsync(Request())));

        Assert.False(failure.OperationMayFinish);
        Assert.Contains(VeoStub.OperationError, failure.Message);
    }
}
