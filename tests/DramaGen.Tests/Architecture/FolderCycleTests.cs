namespace DramaGen.Tests.Architecture;

/// <summary>The house stays without cycles: folders of src/ import each other in one direction only.</summary>
public sealed class FolderCycleTests
{
    [Fact]
    public void No_folder_of_the_service_imports_itself_through_others()
    {
        var graph = FolderGraph.ParseSource();

        Assert.Contains("Generation.Runs", graph.Folders); // the parser found the tree
        Assert.Contains("Generation.Planning", graph.ImportsOf("Generation.Runs").Keys);
        Assert.Null(graph.FindCycle());
    }

    [Fact]
    public void Shared_http_helpers_import_no_feature()
    {
        var graph = FolderGraph.ParseSource();

        Assert.All(graph.ImportsOf("Http"), import => Assert.Equal("Configuration", import.Key));
    }

    [Fact]
    public void A_cycle_through_a_generation_subfolder_is_reported_with_the_files_that_close_it()
    {
        var graph = FolderGraph.Parse(
        [
            ("Generation/Runs/A.cs", "using DramaGen.Generation.Scheduling;\nnamespace DramaGen.Generation.Runs;\n"),
            ("Generation/Scheduling/B.cs", "using DramaGen.Dramas;\nnamespace DramaGen.Generation.Scheduling;\n"),
            ("Dramas/C.cs", "using System.Text;\nusing DramaGen.Generation.Runs;\n\nnamespace DramaGen.Dramas;\n"),
            ("Http/D.cs", "namespace DramaGen.Http;\n"),
        ]);

        Assert.Equal(
            "Dramas (Dramas/C.cs) -> Generation.Runs (Generation/Runs/A.cs) -> Generation.Scheduling (Generation/Scheduling/B.cs) -> Dramas",
            graph.FindCycle());
    }

    [Fact]
    public void Imports_in_one_direction_are_no_cycle()
    {
        var graph = FolderGraph.Parse(
        [
            ("Generation/Runs/A.cs", "using DramaGen.Generation.Planning;\nusing DramaGen.Dramas;\nnamespace DramaGen.Generation.Runs;\n"),
            ("Generation/Planning/B.cs", "using DramaGen.Dramas;\nnamespace DramaGen.Generation.Planning;\n"),
            ("Dramas/C.cs", "namespace DramaGen.Dramas;\n"),
        ]);

        Assert.Null(graph.FindCycle());
    }
}
