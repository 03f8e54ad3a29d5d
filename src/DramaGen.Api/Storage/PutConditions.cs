namespace DramaGen.Storage;

/// <summary>The one rule every store applies to a put's conditions before touching anything.</summary>
internal static class PutConditions
{
    /// <summary>If-Match and If-None-Match: * together can never both hold: a caller bug, not a conflict.</summary>
    public static void Check(string? ifMatch, bool ifAbsent)
    {
        if (ifMatch is not null && ifAbsent)
        {
            throw new ArgumentException("A put is either conditional on an ETag or on the key being absent, not both.", nameof(ifAbsent));
        }
    }
}
