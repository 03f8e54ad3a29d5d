// Before the host starts its threads, so they share the capped arenas (NativeArenas).
DramaGen.Configuration.NativeArenas.Cap();

// The composition of features lives in DramaGenHost, so tests can build the same host without running it.
DramaGenHost.Build(args).Run();

public partial class Program;
