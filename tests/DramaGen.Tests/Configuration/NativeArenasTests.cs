using DramaGen.Configuration;

namespace DramaGen.Tests.Configuration;

public sealed class NativeArenasTests
{
    [Theory]
    [InlineData(true, null, true)]
    [InlineData(true, "", true)]
    [InlineData(true, "8", false)]
    [InlineData(false, null, false)]
    public void Arenas_are_capped_on_linux_unless_MALLOC_ARENA_MAX_is_set(bool isLinux, string? configured, bool capped)
    {
        Assert.Equal(capped, NativeArenas.ShouldCap(isLinux, configured));
    }

    [Fact]
    public void The_cap_is_applied_on_linux_and_nowhere_else()
    {
        var expected = NativeArenas.ShouldCap(OperatingSystem.IsLinux(), Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX"));

        // On Linux glibc's mallopt accepts it (the test hosts and the service image are glibc).
        Assert.Equal(expected, NativeArenas.Cap());
    }
}
