namespace DramaGen.Providers.Local;

/// <summary>What a local generation makes; picks its simulated latency.</summary>
internal enum LocalCapability
{
    Text,
    Image,
    Video,
    Speech,
}
