namespace DramaGen.Storage;

/// <summary>The rules every store applies to keys, so a key valid on one store is valid on all.</summary>
public static class ObjectKeys
{
    public static void Validate(string key, bool allowEmpty = false)
    {
        if (key.Length == 0 && allowEmpty)
        {
            return;
        }
        if (string.IsNullOrEmpty(key) || key.Length > 1024 || key.StartsWith('/') || key.Contains('\\')
            || key.Contains('\0') || key.Split('/').Any(segment => segment is "." or ".."))
        {
            throw new ArgumentException($"'{key}' is not a valid object key.", nameof(key));
        }
    }
}
