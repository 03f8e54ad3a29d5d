namespace DramaGen.Storage.Assets;

/// <summary>What <see cref="AssetLibrary.UploadAsync"/> stores.</summary>
public sealed record AssetUpload
{
    /// <summary>Null for DEFAULT_USER_ID.</summary>
    public string? UserId { get; init; }

    /// <summary>The drama id for generated media.</summary>
    public required string ProjectName { get; init; }

    /// <summary>Chosen by the caller (e.g. the DAG node id, so a regeneration replaces the asset); null for a new GUID.</summary>
    public string? AssetId { get; init; }

    /// <summary>Read from its position to its end, in pieces; seekable (see <see cref="IObjectStore.PutAsync(string, Stream, string, string?, bool, CancellationToken)"/>).</summary>
    public required Stream Content { get; init; }

    public required AssetType AssetType { get; init; }

    public required string Tag { get; init; }

    /// <summary>Kept in the metadata; null gives <c>{asset_id}.{ext}</c>. Its extension must agree with the bytes.</summary>
    public string? Filename { get; init; }

    /// <summary>What the client claims; checked against the bytes, which decide.</summary>
    public string? ContentType { get; init; }

    public AssetProvenance? Metadata { get; init; }
}
