using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TraceRegress.Reliability.Tests.Fuzzing;

/// <summary>The ways a trace file gets damaged, on disk, in transit or by a careless exporter.</summary>
public enum Mutation
{
    /// <summary>Cut off at a random byte (a partial write or a capped upload).</summary>
    Truncated,

    /// <summary>A few bits or bytes changed (storage or transport corruption).</summary>
    BitFlipped,

    /// <summary>Values swapped between string, number, object, array, bool and null (an exporter with a different schema).</summary>
    Retyped,

    /// <summary>A value replaced by arrays or objects nested hundreds to a hundred thousand deep.</summary>
    DeeplyNested,

    /// <summary>A value or a key replaced by a string, number or key of up to several megabytes.</summary>
    HugeString,

    /// <summary>Random bytes, or random JSON tokens built from the property names traces use.</summary>
    Random,
}

/// <summary>Applies one <see cref="Mutation"/> to a seed document, driven by a seeded random source.</summary>
internal sealed class TraceMutator(Random random)
{
    private const string Marker = "__traceregress_fuzz_marker__";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, MaxDepth = 1024 };
    private static readonly JsonDocumentOptions Lenient = new() { MaxDepth = 1024, CommentHandling = JsonCommentHandling.Skip };

    private static readonly string[] Tokens =
    [
        "{", "}", "[", "]", ":", ",", "\"\"", "\"a\"", "0", "-1", "1.5e308", "-0.0", "1e999", "18446744073709551616", "true", "false", "null",
        "\"\\u0000\"", "\"\\ud800\"", "\"2026-05-19T09:00:00Z\"", "\"not a time\"", "\"0000000000000001\"", "\"ffffffffffffffffffffffffffffffff\"",
        "\n", " ", "\"STATUS_CODE_ERROR\"", "2",
    ];

    private static readonly string[] Keys =
    [
        "resourceSpans", "scopeSpans", "spans", "spanId", "traceId", "parentSpanId", "name", "operationName", "startTime", "duration",
        "startTimeUnixNano", "endTimeUnixNano", "attributes", "events", "links", "status", "code", "key", "value", "stringValue", "intValue",
        "arrayValue", "kvlistValue", "values", "data", "references", "processes", "id", "parentId", "localEndpoint", "tags", "annotations",
        "timestamp", "context", "span_id", "parent_id", "span_kind", "child_spans", "observations", "parentObservationId", "type", "level",
        "run_type", "parent_run_id", "child_runs", "inputs", "outputs", "error", "start_time", "end_time",
    ];

    public byte[] Apply(Mutation mutation, byte[] seed) => mutation switch
    {
        Mutation.Truncated => Truncate(seed),
        Mutation.BitFlipped => FlipBits(seed),
        Mutation.Retyped => Retype(seed),
        Mutation.DeeplyNested => Nest(seed),
        Mutation.HugeString => Enlarge(seed),
        Mutation.Random => RandomInput(),
        _ => throw new ArgumentOutOfRangeException(nameof(mutation), mutation, null),
    };

    private byte[] Truncate(byte[] seed)
    {
        if (seed.Length == 0) return seed;
        var cut = seed[..random.Next(seed.Length)];
        // Sometimes a truncated write is followed by leftovers of an older file.
        return random.Next(4) == 0 ? [.. cut, .. seed[random.Next(seed.Length)..]] : cut;
    }

    private byte[] FlipBits(byte[] seed)
    {
        if (seed.Length == 0) return [(byte)random.Next(256)];
        var copy = (byte[])seed.Clone();
        var flips = 1 + random.Next(8);
        for (var i = 0; i < flips; i++)
        {
            var at = random.Next(copy.Length);
            copy[at] = random.Next(3) switch
            {
                0 => (byte)(copy[at] ^ (1 << random.Next(8))),
                1 => "{}[]\",:\\\0\u00ff"u8[random.Next(11)],
                _ => (byte)random.Next(256),
            };
        }

        return copy;
    }

    private byte[] Retype(byte[] seed)
    {
        if (!TryParse(seed, out var root)) return FlipBits(seed);
        var swaps = 1 + random.Next(3);
        for (var i = 0; i < swaps; i++)
        {
            var target = PickNode(root);
            if (target is null) break;
            Replace(target, OtherKind(target));
        }

        return Encoding.UTF8.GetBytes(root!.ToJsonString(Indented));
    }

    private byte[] Nest(byte[] seed)
    {
        int[] depths = [10, 64, 200, 250, 255, 256, 257, 300, 1000, 100_000];
        var depth = depths[random.Next(depths.Length)];
        var style = random.Next(3);
        var sb = new StringBuilder(depth * 8);
        for (var i = 0; i < depth; i++) sb.Append(style == 0 || (style == 2 && i % 2 == 0) ? "[" : "{\"a\":");
        sb.Append(random.Next(2) == 0 ? "\"deep\"" : "{}");
        var balanced = random.Next(5) != 0;
        for (var i = depth - 1; i >= 0 && (balanced || i > depth / 2); i--) sb.Append(style == 0 || (style == 2 && i % 2 == 0) ? "]" : "}");
        return Splice(seed, sb.ToString());
    }

    private byte[] Enlarge(byte[] seed)
    {
        // Mostly moderate sizes so the default budget stays fast; now and then several megabytes.
        var length = random.Next(10) switch { 0 => 4_000_000 + random.Next(4_000_000), < 4 => 200_000 + random.Next(800_000), _ => 1_000 + random.Next(60_000) };
        string text = random.Next(5) switch
        {
            0 => "\"" + new string('a', length) + "\"",
            1 => "\"" + string.Concat(Enumerable.Repeat("é漢😀\\n\\u00e9\\\"", length / 16 + 1)) + "\"",
            2 => new string('7', length),
            3 => "{\"" + new string('k', length) + "\":1}",
            _ => "\"" + Convert.ToBase64String(RandomBytes(length * 3 / 4)) + "\"",
        };
        return Splice(seed, text);
    }

    private byte[] RandomInput()
    {
        if (random.Next(3) == 0) return RandomBytes(random.Next(0, 2048));
        var sb = new StringBuilder();
        var count = random.Next(1, 200);
        for (var i = 0; i < count; i++)
        {
            sb.Append(random.Next(3) == 0 ? $"\"{Keys[random.Next(Keys.Length)]}\"" : Tokens[random.Next(Tokens.Length)]);
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>Puts <paramref name="json"/> in place of a random value of the seed (or at a random byte when the seed is not JSON).</summary>
    private byte[] Splice(byte[] seed, string json)
    {
        if (!TryParse(seed, out var root) || PickNode(root) is not { } target)
        {
            var at = seed.Length == 0 ? 0 : random.Next(seed.Length);
            return [.. seed[..at], .. Encoding.UTF8.GetBytes(json), .. seed[at..]];
        }

        Replace(target, JsonValue.Create(Marker));
        var text = root!.ToJsonString(Indented);
        var index = text.IndexOf("\"" + Marker + "\"", StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(string.Concat(text.AsSpan(0, index), json, text.AsSpan(index + Marker.Length + 2)));
    }

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static bool TryParse(byte[] seed, out JsonNode? root)
    {
        try
        {
            root = JsonNode.Parse(seed, documentOptions: Lenient);
            return root is not null;
        }
        catch (JsonException)
        {
            // JSON Lines and broken seeds are mutated as bytes instead.
            root = null;
            return false;
        }
    }

    /// <summary>A random node other than the root, found with an explicit stack (seeds may be deep).</summary>
    private JsonNode? PickNode(JsonNode? root)
    {
        var all = new List<JsonNode>();
        var stack = new Stack<JsonNode>();
        if (root is not null) stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (!ReferenceEquals(node, root)) all.Add(node);
            switch (node)
            {
                case JsonObject o: foreach (var (_, child) in o) if (child is not null) stack.Push(child); break;
                case JsonArray a: foreach (var child in a) if (child is not null) stack.Push(child); break;
            }
        }

        return all.Count == 0 ? null : all[random.Next(all.Count)];
    }

    private static void Replace(JsonNode target, JsonNode? replacement)
    {
        switch (target.Parent)
        {
            case JsonObject o: o[target.GetPropertyName()] = replacement; break;
            case JsonArray a: a[target.GetElementIndex()] = replacement; break;
        }
    }

    /// <summary>A value of a different JSON kind than <paramref name="node"/>.</summary>
    private JsonNode? OtherKind(JsonNode node)
    {
        var kind = node.GetValueKind();
        while (true)
        {
            var candidate = random.Next(7);
            JsonNode? value = candidate switch
            {
                0 => JsonValue.Create(random.Next(3) switch { 0 => "", 1 => "0000000000000001", _ => "text" }),
                1 => random.Next(4) switch
                {
                    0 => JsonValue.Create(random.Next()),
                    1 => JsonValue.Create(-1.5e300),
                    2 => JsonNode.Parse("123456789012345678901234567890"),
                    _ => JsonValue.Create(0),
                },
                2 => random.Next(2) == 0 ? new JsonObject() : new JsonObject { ["value"] = "x", ["code"] = 2 },
                3 => random.Next(2) == 0 ? new JsonArray() : new JsonArray(1, "a", null, new JsonObject()),
                4 => JsonValue.Create(true),
                5 => JsonValue.Create(false),
                _ => null,
            };
            var newKind = value?.GetValueKind() ?? JsonValueKind.Null;
            var same = newKind == kind || (newKind is JsonValueKind.True or JsonValueKind.False && kind is JsonValueKind.True or JsonValueKind.False);
            if (!same) return value;
        }
    }
}
