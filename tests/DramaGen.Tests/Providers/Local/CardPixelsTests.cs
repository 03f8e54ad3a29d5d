using System.Runtime.InteropServices;
using DramaGen.Providers.Local;

namespace DramaGen.Tests.Providers.Local;

public sealed class CardPixelsTests
{
    [Fact]
    public void Reused_pixels_come_back_zeroed()
    {
        const int length = 4096;
        using (var dirty = CardPixels.Rent(length))
        {
            Marshal.Copy(Enumerable.Repeat((byte)0xAB, length).ToArray(), 0, dirty.Address, length);
        }

        using var again = CardPixels.Rent(length);
        var bytes = new byte[length];
        Marshal.Copy(again.Address, bytes, 0, length);
        Assert.All(bytes, value => Assert.Equal(0, value));
    }

    [Fact]
    public void A_larger_request_than_any_kept_buffer_gets_memory_of_its_size()
    {
        using var small = CardPixels.Rent(1024);
        var length = CardPixels.MaxKeptBytes + 1;

        using var large = CardPixels.Rent(length);

        // The last byte is writable and zero: the lease is at least as long as asked.
        Assert.Equal(0, Marshal.ReadByte(large.Address, length - 1));
    }
}
