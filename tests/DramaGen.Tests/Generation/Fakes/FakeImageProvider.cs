using DramaGen.Providers;

namespace DramaGen.Tests.Generation.Fakes;

/// <summary>A deterministic image provider that counts and times its calls (see <see cref="ProviderInstrument"/>).</summary>
public sealed class FakeImageProvider(TimeProvider time, CallSequence sequence) : IImageProvider
{
    public ProviderInstrument Instrument { get; } = new("fake-image", time, sequence);

    public string Name => Instrument.Name;

    public string Model { get; set; } = "fake-image-1";

    public Task<GeneratedMedia> GenerateImageAsync(ImageRequest request, CancellationToken cancellationToken = default) =>
        Instrument.CallAsync(request.Prompt, request.ReferenceImages.Count,
            request.ReferenceImages.Count == 0 ? null : string.Join(",", request.ReferenceImages.Select(image => image.Label)),
            null, null, cancellationToken, request.ReferenceImages);
}
