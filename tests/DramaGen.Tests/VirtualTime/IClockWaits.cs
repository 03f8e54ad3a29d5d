namespace DramaGen.Tests.VirtualTime;

/// <summary>
/// Who is waiting on the virtual clock. <see cref="VirtualTimeDriver"/> moves the clock only when
/// <see cref="AllWaiting"/> says that every piece of pending work is blocked on a timer, never while some of
/// it is still computing or talking to a stub over real I/O, so simulated time cannot depend on machine load.
/// </summary>
public interface IClockWaits
{
    /// <summary>
    /// True when something is pending and all of it waits for a time still to come; <paramref name="next"/> is
    /// then the earliest of those times (the clock jumps there).
    /// </summary>
    bool AllWaiting(DateTimeOffset now, out DateTimeOffset next);

    /// <summary>What is pending, for the message of a run that never got idle.</summary>
    string Describe(DateTimeOffset now);
}
