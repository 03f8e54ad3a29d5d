// The composition of features lives in DramaGenHost, so tests can build the same host without running it.
DramaGenHost.Build(args).Run();

public partial class Program;
