using System.Text.Json;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// An empty answer from a tool whose credentials reach none of what it was asked about: the result says how much the
/// token or account was granted, can access or could see (<c>"repositories_granted": 0</c>,
/// <c>"accessible_projects": []</c>, <c>"authorized": false</c>) and returns no items (an empty list, a count of 0).
/// "Nothing found" then means "nothing visible": Authentication Errors, cited at the tool, quoting the grant and the empty
/// result. A model that reports the empty list as the answer carries it on.
/// </summary>
internal sealed class NoAccessDetector : IDetector
{
    public const string DetectorId = "no-access";

    private static readonly string[] GrantWords = ["granted", "accessible", "authorized", "authorised", "permitted", "visible"];

    // Text holding no grant word holds no grant: it is not read as JSON.
    private static readonly System.Buffers.SearchValues<string> GrantText = System.Buffers.SearchValues.Create(GrantWords, StringComparison.OrdinalIgnoreCase);

    public string Id => DetectorId;

    public int Priority => 13;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        foreach (var call in context.View.ToolCalls.Calls)
        {
            foreach (var result in call.Results)
            {
                if (result.Text.AsSpan().IndexOfAny(GrantText) < 0 || result.Json is not { ValueKind: JsonValueKind.Object } root || NoGrant(root) is not { } grant || !Empty(root)) continue;
                var span = call.Execution?.Span ?? result.Span;
                var tool = call.Name.Length > 0 ? $"The {call.Name} tool" : "A tool";
                var written = JsonProperties.Quote(result.Text, grant);
                yield return context.CreateFinding(this, span, "Authentication Errors",
                    $"{tool} returned nothing, and its result says its credentials reach nothing ({written}): the empty answer is one of access, not of fact.",
                    [new Evidence(result.Span.SpanId, result.Source, written)], 0.8);
                break;
            }
        }
    }

    // A grant of nothing, at the top level or one level down (a token's own record): 0, false, an empty list, "none".
    private static JsonProperty? NoGrant(JsonElement root)
    {
        foreach (var p in root.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (var inner in p.Value.EnumerateObject())
                {
                    if (Denies(inner)) return inner;
                }
            }
            else if (Denies(p))
            {
                return p;
            }
        }

        return null;
    }

    private static bool Denies(JsonProperty p)
    {
        var key = JsonProperties.Key(p.Name);
        if (!Array.Exists(GrantWords, w => key.Contains(w, StringComparison.Ordinal))) return false;
        return p.Value.ValueKind switch
        {
            JsonValueKind.Number => p.Value.TryGetDecimal(out var n) && n == 0,
            JsonValueKind.False => true,
            JsonValueKind.Array => p.Value.GetArrayLength() == 0,
            JsonValueKind.String => p.Value.GetString() is "none" or "None" or "",
            _ => false,
        };
    }

    // The result holds no items: an empty list beside it, or a total of 0.
    private static bool Empty(JsonElement root)
    {
        var sawList = false;
        foreach (var p in root.EnumerateObject())
        {
            var key = JsonProperties.Key(p.Name);
            if (p.Value.ValueKind == JsonValueKind.Array && !Array.Exists(GrantWords, w => key.Contains(w, StringComparison.Ordinal)))
            {
                if (p.Value.GetArrayLength() > 0) return false;
                sawList = true;
            }
            else if (p.Value.ValueKind == JsonValueKind.Number && key is "totalcount" or "total" or "count" or "totalresults")
            {
                if (!p.Value.TryGetDecimal(out var n) || n != 0) return false;
                sawList = true;
            }
        }

        return sawList;
    }
}
