namespace DramaGen.Jobs;

/// <summary>The expected seconds until an unfinished run ends (Generation simulates it); null when it is not running here.</summary>
public interface IRunEta
{
    double? EtaSeconds(string parentJobId);
}

/// <summary>Without the generation engine no run has an ETA.</summary>
internal sealed class NoRunEta : IRunEta
{
    public double? EtaSeconds(string parentJobId) => null;
}
