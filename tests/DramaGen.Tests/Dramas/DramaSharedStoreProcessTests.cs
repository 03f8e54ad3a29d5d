using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DramaGen.Tests.Generation.Runs;

namespace DramaGen.Tests.Dramas;

/// <summary>
/// Three service processes share one object store (the local directory store, as several instances share R2), each
/// with its own JOBS_DIR. Edits sent to all three at once must all land: no process's in-process lock sees the
/// others, so only the store's conditional put (and re-applying an overtaken edit) keeps them.
/// </summary>
public sealed class DramaSharedStoreProcessTests : IDisposable
{
    private const int Edits = 20;
    private readonly string _root = Directory.CreateTempSubdirectory("dramagen-shared-store-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    private Dictionary<string, string> Environment(int instance) => new()
    {
        ["JOBS_DIR"] = Path.Combine(_root, $"jobs{instance}"),
        ["STORAGE_DIR"] = Path.Combine(_root, "storage"),
        ["TEXT_PROVIDER"] = "local",
        ["IMAGE_PROVIDER"] = "local",
        ["VIDEO_PROVIDER"] = "local",
        ["API_KEYS"] = "",
        ["ENVIRONMENT"] = "development",
    };

    [Fact]
    public async Task Twenty_parallel_patches_through_three_processes_all_land()
    {
        var instances = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => ServiceProcess.StartAsync(Environment(i))));
        try
        {
            var created = await instances[0].Client.PostAsJsonAsync("/dramas", SampleDramas.Document("drama_shared", scenes: Edits));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);

            // Each edit changes a field no other edit touches: a scene's description, or the drama's title.
            var answers = await Task.WhenAll(Enumerable.Range(1, Edits).Select(edit =>
            {
                var client = instances[edit % instances.Length].Client;
                return edit == Edits
                    ? client.PatchAsJsonAsync("/dramas/drama_shared", new JsonObject { ["title"] = "Edited by all" })
                    : client.PatchAsJsonAsync($"/dramas/drama_shared/episodes/e001/scenes/s{edit:D3}",
                        new JsonObject { ["description"] = $"Edit {edit} through instance {edit % instances.Length}" });
            }));

            Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
            foreach (var instance in instances)
            {
                var drama = (await instance.Client.GetFromJsonAsync<JsonObject>("/dramas/drama_shared"))!;
                Assert.Equal("Edited by all", drama["title"]!.GetValue<string>());
                var scenes = drama["episodes"]![0]!["scenes"]!.AsArray();
                Assert.Equal(Edits, scenes.Count);
                for (var edit = 1; edit < Edits; edit++)
                {
                    Assert.Equal($"Edit {edit} through instance {edit % instances.Length}", scenes[edit - 1]!["description"]!.GetValue<string>());
                }
                Assert.Equal("Waves hit the rocks.", scenes[Edits - 1]!["description"]!.GetValue<string>());
            }
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
    }
}
