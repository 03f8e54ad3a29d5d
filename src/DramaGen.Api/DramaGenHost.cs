using DramaGen.Api;
using DramaGen.Authoring;
using DramaGen.Configuration;
using DramaGen.Costs;
using DramaGen.Deletion;
using DramaGen.Dramas;
using DramaGen.Generation;
using DramaGen.Generation.Distribution;
using DramaGen.Generation.Events;
using DramaGen.Jobs;
using DramaGen.Providers;
using DramaGen.Storage;
using DramaGen.Viewer;

/// <summary>
/// The service composed: every feature's services, then its middleware and routes. Program runs it; tests of
/// start-up failures build it directly, since WebApplicationFactory can lose the failure to its own race
/// (the failed host is disposed before the factory asks it whether it started).
/// </summary>
public static class DramaGenHost
{
    /// <param name="configure">Runs first, so its configuration sources are read by everything after it.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // appsettings.json sits at the repository top and is copied next to the binary.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);

        builder.AddDramaGenConfiguration();
        builder.AddDramaGenLogging();
        builder.Services.AddApi();
        builder.Services.AddStorage();
        builder.Services.AddJobs(builder.Configuration);
        builder.Services.AddProviders();
        builder.Services.AddDramas();
        builder.Services.AddAuthoring();
        builder.Services.AddDramaDeletion();
        builder.Services.AddGeneration();
        builder.AddWorkDistribution();
        builder.Services.AddRunEvents();

        var app = builder.Build();

        app.UseApi();
        app.UseViewer();
        app.MapService();
        app.MapDramas();
        app.MapAuthoring();
        app.MapDramaDeletion();
        app.MapGeneration();
        app.MapWorkDistribution();
        app.MapCuts();
        app.MapJobs();
        app.MapCosts();
        app.MapRunEvents();
        app.MapAssetLibrary();
        return app;
    }
}
