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
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(store.RootDirectory));
        return app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = LocalObjectStore.PublicPathPrefix,
            FileProvider = new AssetFileProvider(files, root),
            ContentTypeProvider = MediaTypes.FileTypes,
            OnPrepareResponse = context =>
            {
                // The same key is rewritten when an asset is regenerated: revalidate with the ETag every time.
                context.Context.Response.Headers.CacheControl = "no-cache";
                context.Context.Response.Headers.XContentTypeOptions = "nosniff";
            },
        });
    }

    /// <summary>Shows only asset-library files, never a directory listing, and nothing reached through a symbolic link.</summary>
    private sealed class AssetFileProvider(IFileProvider files, string root) : IFileProvider
    {
        public IFileInfo GetFileInfo(string subpath)
        {
            var key = subpath.TrimStart('/');
            if (!ObjectKeys.IsValid(key) || !AssetKeys.IsAssetFileKey(key))
            {
                return new NotFoundFileInfo(subpath);
            }
            var file = files.GetFileInfo(key);
            return file.Exists && file.PhysicalPath is { } path && !PassesThroughLink(path) ? file : new NotFoundFileInfo(subpath);
        }

        /// <summary>
        /// The store never writes links, so one is someone else's doing: it may point out of STORAGE_DIR, or at a
        /// drama or metadata file inside it under an asset's name. Checked on the file and each folder below the root.
        /// </summary>
        private bool PassesThroughLink(string path)
        {
            for (var current = path; current.Length > root.Length && current.StartsWith(root, StringComparison.Ordinal);
                 current = Path.GetDirectoryName(current)!)
            {
                if (new FileInfo(current).LinkTarget is not null)
                {
                    return true;
                }
            }
            return false;
        }

        public IDirectoryContents GetDirectoryContents(string subpath) => NotFoundDirectoryContents.Singleton;

        public IChangeToken Watch(string filter) => NullChangeToken.Singleton;
    }
}
