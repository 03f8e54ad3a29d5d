using System.Text.Json.Nodes;

namespace DramaGen.Dramas;

/// <summary>RFC 7396: objects merge member by member, null removes, anything else replaces.</summary>
public static class JsonMergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }
        var result = target as JsonObject ?? new JsonObject();
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(name);
            }
            else
            {
                var merged = Apply(result[name], value);
                result[name] = merged?.Parent is null ? merged : merged.DeepClone();
            }
        }
        return result;
    }
}
