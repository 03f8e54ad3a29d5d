namespace DramaGen.Tests;

/// <summary>
/// The suite's one real-time budget: how long a test waits for something that happens unless the code hangs. Generous,
/// because a loaded machine is slow; it only turns a hang into a failure. Nothing is ever asserted about how fast.
/// </summary>
public static class Patience
{
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(120);

    public static Task WithinPatience(this Task task) => task.WaitAsync(Budget);

    public static Task<T> WithinPatience<T>(this Task<T> task) => task.WaitAsync(Budget);
}
