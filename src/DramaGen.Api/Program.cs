using DramaGen.Api;
using DramaGen.Authoring;
using DramaGen.Configuration;
using DramaGen.Costs;
using DramaGen.Deletion;
using DramaGen.Dramas;
using DramaGen.Generation;
using DramaGen.Generation.Events;
using DramaGen.Jobs;
using DramaGen.Providers;
using DramaGen.Storage;
using DramaGen.Viewer;

// appsettings.json sits at the repository top and is copied next to the binary.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

builder.AddDramaGenConfiguration();
builder.AddDramaGenLogging();
builder.Services.AddApi();
builder.Services.AddStorage();
builder.Services.AddJobs();
builder.Services.AddProviders();
builder.Services.AddDramas();
builder.Services.AddAuthoring();
builder.Services.AddDramaDeletion();
builder.Services.AddGeneration();
builder.Services.AddRunEvents();

var app = builder.Build();

app.UseApi();
app.UseViewer();
app.MapService();
app.MapDramas();
app.MapAuthoring();
app.MapDramaDeletion();
app.MapGeneration();
app.MapCuts();
app.MapJobs();
app.MapCosts();
app.MapRunEvents();
app.MapAssetLibrary();

app.Run();

public partial class Program;
