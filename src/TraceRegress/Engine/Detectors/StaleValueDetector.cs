using System.Globalization;
using System.Text.Json;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// The final answer quotes a figure of a record as a tool first gave it, after a later tool result gave the same record
/// anew with another figure in that field: "You'll be charged $93.93 for that box" from the subscription read at the
/// start (<c>"delivery_date": "2025-03-24", ..., "total": 93.93</c>) when the swap made since returned that delivery with
/// <c>"total": 84.93</c>. The answer carried a value its own later context had replaced: Context Handling Failures at the
/// answering call, quoting the figure, the first record's field and the later one. A record is the same when both
/// objects give the same value (four characters or more) under the same key, and the figure the same field.
/// </summary>
internal sealed class StaleValueDetector : IDetector
{
    public const string DetectorId = "stale-value";

    public string Id => DetectorId;

    public int Priority => 57;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        var facts = context.Facts;
        if (AnswerTrail.Final(context.Turns, facts) is not { } final) yield break;
        // The model call that wrote the answer: the final turn, or, where a workflow span only passes it on, the last model
        // call that wrote anything before it.
        var answering = final.Turn.G.IsModelCall ? final.Turn
            : context.Turns.All.LastOrDefault(t => t.G.IsModelCall && t.Position < final.Turn.Position && t.Text.Trim().Length > 0);
        if (answering is null) yield break;
        var stated = facts.FactsOf(answering.Text).Where(f => f.Kind == FactKind.Number && f.Value != 0 && f.Dimension.Length > 0).ToList();
        if (stated.Count == 0) yield break;
        var answerRank = view.Rank(answering.Span);
        // The results before the answer, in the order they came back.
        var results = view.ToolCalls.Calls.Where(c => c.OriginSpan is { } o && view.Rank(o) < answerRank)
            .OrderBy(c => view.Rank(c.OriginSpan!)).ThenBy(c => c.Ordinal)
            .SelectMany(c => c.Results.Where(r => r.Json is not null).Select(r => (Call: c, Result: r))).ToList();
        if (results.Count < 2) yield break;
        foreach (var figure in stated)
        {
            for (var i = 0; i < results.Count; i++)
            {
                foreach (var (record, field) in Holding(results[i].Result.Json!.Value, figure.Value))
                {
                    for (var j = i + 1; j < results.Count; j++)
                    {
                        if (ReferenceEquals(results[j].Call, results[i].Call)) continue;
                        if (Anew(results[j].Result.Json!.Value, record, field) is not { } later || later.Value == figure.Value) continue;
                        // The answer also gives the newer figure: it knew it.
                        if (stated.Exists(f => f.Value == later.Value)) continue;
                        var first = results[i].Result;
                        var second = results[j].Result;
                        var firstWritten = Written(first.Text, field);
                        var secondWritten = Written(second.Text, later.Property);
                        yield return context.CreateFinding(this, answering.Span, "Context Handling Failures",
                            string.Create(CultureInfo.InvariantCulture, $"The answer gives {figure.Written}, the {field.Name} {results[i].Call.Name} first returned ({firstWritten}), though {results[j].Call.Name} later returned the same record with {secondWritten}."),
                            [new Evidence(answering.Span.SpanId, answering.Source, figure.Written), new Evidence(first.Span.SpanId, first.Source, firstWritten), new Evidence(second.Span.SpanId, second.Source, secondWritten)],
                            0.65) with { Basis = AttributionBasis.Inference };
                        yield break;
                    }
                }
            }
        }
    }

    /// <summary>
    /// The objects of a result that hold the figure in a numeric field, with that field and the record's identity: its
    /// string fields and those of the objects around it (a datapoint's timestamp and its series' region).
    /// </summary>
    private static IEnumerable<(List<(string Name, string Value)> Identity, JsonProperty Field)> Holding(JsonElement root, decimal value)
    {
        foreach (var (e, identity) in Objects(root))
        {
            foreach (var p in e.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetDecimal(out var d) && d == value) yield return (identity, p);
            }
        }
    }

    /// <summary>
    /// The same record in a later result (one whose identity shares a key and value of four characters or more with the
    /// first's and gives no key of it another value) and the field's value there; null when there is none.
    /// </summary>
    private static (JsonProperty Property, decimal Value)? Anew(JsonElement root, List<(string Name, string Value)> first, JsonProperty field)
    {
        if (first.Count == 0) return null;
        foreach (var (e, identity) in Objects(root))
        {
            if (!e.TryGetProperty(field.Name, out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetDecimal(out var d)) continue;
            var shared = false;
            var differs = false;
            foreach (var (name, value) in identity)
            {
                var at = first.FindIndex(k => k.Name == name);
                if (at < 0) continue;
                if (first[at].Value == value) shared = shared || value.Length >= 4;
                else differs = true;
            }

            if (shared && !differs) return (e.EnumerateObject().First(p => p.NameEquals(field.Name)), d);
        }

        return null;
    }

    /// <summary>The objects of a result, each with the string fields of itself and of the objects around it.</summary>
    private static IEnumerable<(JsonElement Object, List<(string Name, string Value)> Identity)> Objects(JsonElement root)
    {
        var stack = new Stack<(JsonElement, int, List<(string, string)>)>([(root, 0, new List<(string, string)>())]);
        var visited = 0;
        while (stack.Count > 0 && visited++ < 2048)
        {
            var (e, depth, around) = stack.Pop();
            if (depth > 8) continue;
            if (e.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in e.EnumerateArray()) Push(stack, item, depth, around);
                continue;
            }

            if (e.ValueKind != JsonValueKind.Object) continue;
            var identity = new List<(string, string)>(around);
            foreach (var p in e.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is { Length: > 0 and < 80 } text && text[0] is not ('{' or '[')) identity.Add((p.Name, text));
            }

            yield return (e, identity);
            foreach (var p in e.EnumerateObject()) Push(stack, p.Value, depth, identity);
        }
    }

    // An object or a list to read further, or a string that holds one (a framework's tool message: "content": "{...}").
    private static void Push(Stack<(JsonElement, int, List<(string, string)>)> stack, JsonElement value, int depth, List<(string, string)> around)
    {
        if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
        {
            stack.Push((value, depth + 1, around));
        }
        else if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 1 } text && text[0] is '{' or '[')
        {
            try
            {
                stack.Push((JsonDocument.Parse(text).RootElement, depth + 1, around));
            }
            catch (JsonException)
            {
                // Text that only looks like JSON.
            }
        }
    }

    // The field as the result's text writes it, escaped as it stands when the record was a string inside the result.
    private static string Written(string text, JsonProperty p)
    {
        if (JsonProperties.Written(text, p) is { } written) return written;
        var m = System.Text.RegularExpressions.Regex.Match(text, $@"\\*""{System.Text.RegularExpressions.Regex.Escape(p.Name)}\\*""\s*:\s*{System.Text.RegularExpressions.Regex.Escape(p.Value.GetRawText())}(?![\d.])",
            System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return m.Success ? m.Value : JsonProperties.Quote(text, p);
    }
}
