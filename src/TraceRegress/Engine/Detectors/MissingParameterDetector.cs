using System.Text.Json;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A tool that acts on a choice its declaration gives no way to send. The run chose a value for a field by sending it to
/// one declared tool (<c>find_slots</c> with <c>"salon": "chorlton"</c>), then called another declared tool to act
/// (<c>book_appointment</c>) whose declared parameters have no such field, and its result names the field with another
/// value (<c>"salon": "didsbury"</c>), one the run had seen as such before (the pet's <c>"home_salon": "didsbury"</c>):
/// the service fell back to a default the model could not override. The value chosen must be one the user named
/// ("at your Chorlton salon"); a record's own reference (an id a new booking gets) is not read this way. Tool
/// Definition Issues at the first model call given the tool, quoting the value chosen and the value acted on; what the
/// model said afterwards is its consequence.
/// </summary>
internal sealed class MissingParameterDetector : IDetector
{
    public const string DetectorId = "missing-parameter";

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        // What the user said: a choice of theirs is what a declaration must let the model send.
        var said = UserMessages.Texts(view);
        if (said.Count == 0) yield break;
        var results = new List<(int Rank, string Text)>();
        // The string values each field was sent with, in order, with the call that sent it.
        var chosen = new List<(string Field, string Value, ToolCall Call, SourcedText Args, string Written)>();
        foreach (var call in context.CallsInOrder)
        {
            if (call.Arguments is not { } args || call.Error is not null) continue;
            if (ToolDeclarations.DeclaringSpan(view, call) is not { } declaring || ToolDeclarations.Definition(declaring, call.Name) is not { } definition) continue;
            if (args.Json is not { ValueKind: JsonValueKind.Object } sentArgs) continue;
            var declared = new HashSet<string>(definition.Parameters, StringComparer.OrdinalIgnoreCase);
            var earlier = chosen.Count;
            // Results are read only once a value the user named was sent to some tool.
            foreach (var result in earlier == 0 ? [] : call.Results)
            {
                if (result.Json is not { ValueKind: JsonValueKind.Object } root) continue;
                foreach (var p in root.EnumerateObject())
                {
                    if (p.Value.ValueKind != JsonValueKind.String || declared.Contains(p.Name) || Identifier(p.Name)) continue;
                    var acted = p.Value.GetString()!;
                    // Sent to another tool for that field, with another value the user named, and given this one no way to
                    // send it; the value acted on is one the run had seen as a value of that kind (a default on a record).
                    var sent = chosen.Take(earlier).LastOrDefault(c => c.Field.Equals(p.Name, StringComparison.OrdinalIgnoreCase) && c.Call.Name != call.Name);
                    if (sent.Call is null || SameValue(sent.Value, acted)) continue;
                    var rank = view.Rank(result.Span);
                    if (!results.Exists(r => r.Rank < rank && WholeWords.Find(r.Text, acted, StringComparison.OrdinalIgnoreCase) >= 0)) continue;
                    var first = MisdeclaredFormatDetector.FirstGiven(view, call.Name) ?? declaring;
                    yield return context.CreateFinding(this, first.Span, "Tool Definition Issues",
                        $"{call.Name} declares no {p.Name}, so the {p.Name} the run chose ({sent.Written}, sent to {sent.Call.Name}) could not be sent, and the service acted on another ({JsonProperties.Quote(result.Text, p)}).",
                        [ToolDeclarations.Offering(declaring, call.Name), new Evidence(sent.Args.Span.SpanId, sent.Args.Source, sent.Written),
                         new Evidence(result.Span.SpanId, result.Source, JsonProperties.Quote(result.Text, p))], 0.65)
                        with { Basis = AttributionBasis.Inference, Explains = context.ModelCallsAfter(result.Span).Select(g => g.Span.SpanId).ToArray() };
                    yield break;
                }
            }

            foreach (var p in sentArgs.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.String && declared.Contains(p.Name) && p.Value.GetString() is { Length: > 0 } value
                    && said.Exists(t => WholeWords.Find(t, value, StringComparison.OrdinalIgnoreCase) >= 0)) chosen.Add((p.Name, value, call, args, JsonProperties.Quote(args.Text, p)));
            }

            foreach (var result in call.Results) results.Add((view.Rank(result.Span), result.Text));
        }
    }

    // A record's own reference: a new record gets a new one, whatever the run sent before.
    private static bool Identifier(string name)
    {
        var n = name.ToLowerInvariant();
        return n is "id" or "ref" or "reference" or "number" or "code" or "uuid" or "key" || n.EndsWith("_id", StringComparison.Ordinal) || n.EndsWith("id", StringComparison.Ordinal) && name.Length > 2 && char.IsUpper(name[^2])
            || n.EndsWith("_ref", StringComparison.Ordinal) || n.EndsWith("_reference", StringComparison.Ordinal) || n.EndsWith("_number", StringComparison.Ordinal) || n.EndsWith("_code", StringComparison.Ordinal);
    }

    // One value written two ways: "mediterranean_buffet" and "Mediterranean Buffet", "Dr. Okafor" and "Dr. Chidi Okafor".
    private static bool SameValue(string a, string b)
    {
        var x = Words(a);
        var y = Words(b);
        return x.Count == 0 || y.Count == 0 || x.IsSubsetOf(y) || y.IsSubsetOf(x);
    }

    private static HashSet<string> Words(string value) =>
        new(value.ToLowerInvariant().Split([' ', '_', '-', '.', ',', '/', '(', ')'], StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
}
