using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TraceRegress.Model;

namespace TraceRegress.Benchmarks.Generation;

/// <summary>
/// Builds large traces out of real SDK output: the Microsoft.Extensions.AI (<c>UseOpenTelemetry()</c>) and
/// OpenTelemetry .NET HttpClient exports, and an OpenTelemetry Python openai-v2 export with the older event-based
/// semconv, as found in the test fixtures (copied to <c>Generation/Seeds</c>). Each seed's spans are copied again
/// and again with fresh span ids, tool call ids and times, every copy a sub-agent run under one long session
/// span, until the trace holds the requested number of spans. The content (messages, tool results, errors)
/// stays byte for byte what the SDKs wrote, so the reader and the engine see real shapes at scale.
/// </summary>
internal static class SdkTraceReplicator
{
    private static readonly string SeedFolder = Path.Combine(AppContext.BaseDirectory, "Generation", "Seeds");

    /// <summary>A trace of <paramref name="spanCount"/> spans as OTLP/JSON, deterministically from <paramref name="seed"/>.</summary>
    public static byte[] Otlp(int spanCount, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(spanCount, 2);
        var seeds = Directory.GetFiles(SeedFolder, "*.json").Order(StringComparer.Ordinal).Select(Load).ToArray();
        if (seeds.Length == 0) throw new InvalidOperationException($"no seed traces in {SeedFolder}");

        var random = new Random(seed);
        var traceId = $"{(uint)seed:x8}5eed7ace0f5d4a1bb2c3d4e5";
        var nextId = 1L;
        string NewId() => unchecked((ulong)nextId++ * 0x9E3779B97F4A7C15UL + (ulong)seed).ToString("x16", CultureInfo.InvariantCulture);

        var sessionId = NewId();
        var start = 1_779_180_000_000_000_000L;
        var clock = start + 1_000_000;
        var scopes = new Dictionary<string, (JsonObject Scope, JsonArray Spans)>(StringComparer.Ordinal);
        var count = 1;
        var copy = 0;
        while (count < spanCount)
        {
            var source = seeds[random.Next(seeds.Length)];
            var ids = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (_, span) in source.Spans) ids[span["spanId"]!.GetValue<string>()] = NewId();
            var callIds = source.CallIds.ToDictionary(c => c, c => $"{c}_{copy.ToString(CultureInfo.InvariantCulture)}", StringComparer.Ordinal);
            var shift = clock - source.Start;
            foreach (var (scope, original) in source.Spans)
            {
                if (count >= spanCount) break;
                var span = (JsonObject)original.DeepClone();
                span["traceId"] = traceId;
                span["spanId"] = ids[original["spanId"]!.GetValue<string>()];
                var parent = original["parentSpanId"]?.GetValue<string>();
                span["parentSpanId"] = parent is { Length: > 0 } && ids.TryGetValue(parent, out var p) ? p : sessionId;
                span["startTimeUnixNano"] = Nanos(original["startTimeUnixNano"]) + shift;
                span["endTimeUnixNano"] = Nanos(original["endTimeUnixNano"]) + shift;
                RenameCallIds(span, callIds);
                var key = scope.ToJsonString();
                if (!scopes.TryGetValue(key, out var group)) scopes[key] = group = ((JsonObject)scope.DeepClone(), []);
                group.Spans.Add(span);
                count++;
            }

            clock += source.Length + 1_000_000L * random.Next(1, 50);
            copy++;
        }

        var session = new JsonObject
        {
            ["traceId"] = traceId,
            ["spanId"] = sessionId,
            ["parentSpanId"] = "",
            ["name"] = "invoke_agent session",
            ["kind"] = "SPAN_KIND_INTERNAL",
            ["startTimeUnixNano"] = start,
            ["endTimeUnixNano"] = clock,
            ["attributes"] = new JsonArray(
                new JsonObject { ["key"] = "gen_ai.operation.name", ["value"] = new JsonObject { ["stringValue"] = "invoke_agent" } },
                new JsonObject { ["key"] = "gen_ai.agent.name", ["value"] = new JsonObject { ["stringValue"] = "session" } }),
            ["status"] = new JsonObject(),
        };
        var scopeSpans = new JsonArray();
        var first = true;
        foreach (var (scope, spans) in scopes.Values)
        {
            if (first) spans.Insert(0, session);
            first = false;
            scopeSpans.Add(new JsonObject { ["scope"] = scope, ["spans"] = spans });
        }

        var document = new JsonObject
        {
            ["resourceSpans"] = new JsonArray(new JsonObject
            {
                ["resource"] = new JsonObject
                {
                    ["attributes"] = new JsonArray(
                        new JsonObject { ["key"] = "service.name", ["value"] = new JsonObject { ["stringValue"] = "replicated-agents" } },
                        new JsonObject { ["key"] = "telemetry.sdk.language", ["value"] = new JsonObject { ["stringValue"] = "dotnet" } }),
                },
                ["scopeSpans"] = scopeSpans,
            }),
        };
        return Encoding.UTF8.GetBytes(document.ToJsonString());
    }

    private sealed record Seed(List<(JsonObject Scope, JsonObject Span)> Spans, HashSet<string> CallIds, long Start, long Length);

    private static Seed Load(string file)
    {
        var root = JsonNode.Parse(File.ReadAllBytes(file))!.AsObject();
        var spans = new List<(JsonObject, JsonObject)>();
        foreach (var resource in root["resourceSpans"]!.AsArray())
        {
            var groups = resource!["scopeSpans"] ?? resource["instrumentationLibrarySpans"];
            foreach (var group in groups!.AsArray())
            {
                var scope = (group!["scope"] ?? group["instrumentationLibrary"] ?? new JsonObject { ["name"] = "unknown" }).AsObject();
                foreach (var span in group["spans"]!.AsArray()) spans.Add((scope, span!.AsObject()));
            }
        }

        var callIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, span) in spans) CollectCallIds(span, callIds);
        var start = spans.Min(s => Nanos(s.Item2["startTimeUnixNano"]));
        var end = spans.Max(s => Nanos(s.Item2["endTimeUnixNano"]));
        return new Seed(spans, callIds, start, end - start);
    }

    private static long Nanos(JsonNode? node) => node!.GetValueKind() == JsonValueKind.String
        ? long.Parse(node.GetValue<string>(), CultureInfo.InvariantCulture)
        : node.GetValue<long>();

    // Tool call ids: gen_ai.tool.call.id attributes, and "id"/"tool_call_id" inside message JSON held in strings.
    private static void CollectCallIds(JsonNode? node, HashSet<string> into)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["key"]?.GetValue<string>() is "gen_ai.tool.call.id" or "tool_call_id" && obj["value"]?["stringValue"]?.GetValue<string>() is { } id) into.Add(id);
                foreach (var (_, value) in obj) CollectCallIds(value, into);
                break;
            case JsonArray array:
                foreach (var item in array) CollectCallIds(item, into);
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                var text = value.GetValue<string>();
                if (text.Length > 0 && text[0] is '[' or '{')
                {
                    try
                    {
                        CollectIdsInContent(JsonNode.Parse(text), into);
                    }
                    catch (JsonException)
                    {
                    }
                }

                break;
        }
    }

    private static void CollectIdsInContent(JsonNode? node, HashSet<string> into)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (key is "id" or "tool_call_id" or "call_id" && value is JsonValue v && v.GetValueKind() == JsonValueKind.String) into.Add(v.GetValue<string>());
                    else CollectIdsInContent(value, into);
                }

                break;
            case JsonArray array:
                foreach (var item in array) CollectIdsInContent(item, into);
                break;
        }
    }

    private static void RenameCallIds(JsonNode? node, Dictionary<string, string> ids)
    {
        if (ids.Count == 0) return;
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToArray())
                {
                    if (obj[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                    {
                        var text = v.GetValue<string>();
                        var renamed = Rename(text, ids);
                        if (!ReferenceEquals(renamed, text)) obj[key] = renamed;
                    }
                    else
                    {
                        RenameCallIds(obj[key], ids);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array) RenameCallIds(item, ids);
                break;
        }
    }

    private static string Rename(string text, Dictionary<string, string> ids)
    {
        if (ids.TryGetValue(text, out var whole)) return whole;
        var result = text;
        foreach (var (from, to) in ids)
        {
            // Inside message JSON the id is a whole JSON string.
            if (result.Contains($"\"{from}\"", StringComparison.Ordinal)) result = result.Replace($"\"{from}\"", $"\"{to}\"", StringComparison.Ordinal);
        }

        return result;
    }
}
