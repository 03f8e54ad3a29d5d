using DramaGen.Http;

namespace DramaGen.Dramas;

/// <summary>
/// Problems collected by JSON path, in the shape of a validation problem detail's "errors". Only the first
/// <see cref="MaxListed"/> are kept (and all counted), so a huge invalid document cannot make a huge answer.
/// </summary>
internal sealed class ValidationErrors
{
    public const int MaxListed = 100;

    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);
    private int _listed;

    public int Count => _errors.Count;

    /// <summary>Every problem found, including those not listed.</summary>
    public int Total { get; private set; }

    public void Add(string path, string message)
    {
        Total++;
        if (_listed >= MaxListed)
        {
            return;
        }
        _listed++;
        if (!_errors.TryGetValue(path, out var messages))
        {
            _errors[path] = messages = [];
        }
        messages.Add(message);
    }

    public void CheckText(string path, string? value, int maxLength)
    {
        if (value is null) Add(path, "must not be null");
        else if (value.Length > maxLength) Add(path, $"must be at most {maxLength} characters (is {value.Length})");
    }

    /// <returns>False when the list is missing or too long: its items are then not checked one by one.</returns>
    public bool CheckCount<T>(string path, List<T>? items, int max)
    {
        if (items is null) Add(path, "must be an array");
        else if (items.Count > max) Add(path, $"must have at most {max} items (has {items.Count})");
        else return true;
        return false;
    }

    public void CheckId(string path, string? id, HashSet<string> seen)
    {
        if (!Ids.IsValid(id)) Add($"{path}.id", "must match ^[A-Za-z0-9_-]{1,64}$");
        else if (!seen.Add(id!)) Add($"{path}.id", $"'{id}' is used twice");
    }

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray());
}
