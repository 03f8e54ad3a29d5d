namespace DramaGen.Generation.Events;

/// <summary>Tuning of the live progress streams (not configuration users need; tests shorten them).</summary>
public sealed class RunEventOptions
{
    /// <summary>How long a finished run stays in memory so late subscribers replay it from the log.</summary>
    public TimeSpan FinishedRetention { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>An unfinished run nobody published to for this long is dropped (it is rebuilt from its job files if asked for).</summary>
    public TimeSpan IdleRetention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Comment lines keep proxies from closing a quiet stream; each one also rechecks the job files.</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Past this many events a run's log keeps only the latest event per node.</summary>
    public int MaxEventsPerRun { get; set; } = 10_000;

    public TimeSpan StreamTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);
}
