using DramaGen.Storage.Assets;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;
using Microsoft.Extensions.Primitives;

namespace DramaGen.Storage;

public static class LocalFilesExtensions
{
    /// <summary>
    /// In local mode, serves the asset files of STORAGE_DIR read-only at /files/{key}, so the public URLs the
    /// local store hands out work in a browser (with range requests, so a video can seek). Only asset bytes
    /// are public, as on a public R2 bucket of media: dramas, indexes and metadata files stay behind the API.
    /// Does nothing when the store is S3. Call it before authentication: a &lt;video&gt; tag sends no API key.
    /// </summary>
    public static IApplicationBuilder UseLocalFiles(this IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetRequiredService<IObjectStore>() is not LocalObjectStore store)
        {
            return app;
        }
        var files = new PhysicalFileProvider(store.RootDirectory, ExclusionFilters.Sensitive);
        return app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = LocalObjectStore.PublicPathPrefix,
            FileProvider = new AssetFileProvider(files),
            ContentTypeProvider = MediaTypes.FileTypes,
            OnPrepareResponse = context =>
            {
                // The same key is rewritten when an asset is regenerated: revalidate with the ETag every time.
                context.Context.Response.Headers.CacheControl = "no-cache";
                context.Context.Response.Headers.XContentTypeOptions = "nosniff";
            },
        });
    }

    /// <summary>Shows only asset-library files, and never a directory listing.</summary>
    private sealed class AssetFileProvider(IFileProvider files) : IFileProvider
    {
        public IFileInfo GetFileInfo(string subpath)
        {
            var key = subpath.TrimStart('/');
            return ObjectKeys.IsValid(key) && AssetKeys.IsAssetFileKey(key) ? files.GetFileInfo(key) : new NotFoundFileInfo(subpath);
        }

        public IDirectoryContents GetDirectoryContents(string subpath) => NotFoundDirectoryContents.Singleton;

        public IChangeToken Watch(string filter) => NullChangeToken.Singleton;
    }
}
