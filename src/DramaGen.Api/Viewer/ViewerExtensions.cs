using Microsoft.Extensions.FileProviders;

namespace DramaGen.Viewer;

/// <summary>The drama viewer: plain HTML, CSS and ES modules copied next to the binary, served at /viewer.</summary>
public static class ViewerExtensions
{
    public const string RequestPath = "/viewer";

    public static WebApplication UseViewer(this WebApplication app)
    {
        var root = Path.Combine(AppContext.BaseDirectory, "Viewer");
        if (!Directory.Exists(root))
        {
            app.Logger.LogWarning("The viewer's files are missing ({Root}); /viewer is not served", root);
            return app;
        }
        app.UseFileServer(new FileServerOptions
        {
            RequestPath = RequestPath,
            FileProvider = new PhysicalFileProvider(root),
            EnableDefaultFiles = true,
            StaticFileOptions =
            {
                // The files change with each release and are small: always revalidate (ETag) instead of caching stale modules.
                OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
            },
        });
        return app;
    }
}
