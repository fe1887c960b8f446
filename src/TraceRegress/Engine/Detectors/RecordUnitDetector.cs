using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A tool's record says what unit its figures are in (a <c>"unit": "hours"</c> field beside them, or a key that names it:
/// <c>"balance_hours"</c>, <c>"weight_kg"</c>), and a later step restates one of those figures, the same number, in another
/// unit of the same kind ("28 vacation days" for <c>"available": 28.0</c> hours). The number was read, its unit was not:
/// Tool Output Misinterpretation at the step that wrote it, quoting the record's unit, its figure and the restatement. A
/// conversion gives another number and is not read this way.
/// </summary>
internal sealed partial class RecordUnitDetector : IDetector
{
    public const string DetectorId = "record-unit";

    // The field a record names its unit in.
    private static readonly HashSet<string> UnitKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "unit", "units", "uom", "unitOfMeasure", "unit_of_measure", "measureUnit", "measure_unit", "timeUnit", "time_unit", "balanceUnit", "balance_unit",
    };

    // A unit word right after a figure, or after one or two words that qualify what is counted ("28 vacation days", "12 working hours").
    [GeneratedRegex(@"\G[\s*_]*(?:[\p{L}-]+[ \t]+){0,2}?(?<unit>" + RequestedUnitDetector.UnitWords + @")(?![\p{L}])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UnitAfter();

    public string Id => DetectorId;

    public int Priority => 55;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        var facts = context.Facts;
        var view = context.View;
        foreach (var call in view.ToolCalls.Calls)
        {
            foreach (var result in call.Results)
            {
                if (!MayNameUnit(result.Text) || result.Json is not { } root) continue;
                var figures = new List<Figure>();
                Collect(result.Text, root, figures, 0);
                if (figures.Count == 0) continue;
                var rank = view.Rank(result.Span);
                foreach (var turn in turns.All)
                {
                    if (turn.IsObservation || ReferenceEquals(turn, turns.TaskTurn) || view.Rank(turn.Span) < rank) continue;
                    var text = turn.Text;
                    foreach (var f in facts.FactsOf(text))
                    {
                        if (f.Kind != FactKind.Number || f.Value == 0 || AnswerTrail.InCode(text, f.Index)) continue;
                        var stated = f.Dimension.Length > 0 ? f.Dimension : UnitAfter().Match(text, f.Index + f.Written.Length) is { Success: true } m ? m.Groups["unit"].Value : null;
                        if (stated is null) continue;
                        var unit = RequestedUnitDetector.Canonical(stated);
                        var kind = RequestedUnitDetector.DimensionOf(unit);
                        if (kind.Length == 0) continue;
                        var record = figures.Find(r => r.Value == f.Value && r.Unit != unit && RequestedUnitDetector.DimensionOf(r.Unit) == kind);
                        if (record is null) continue;
                        var tool = call.Name.Length > 0 ? $"the {call.Name} tool" : "a tool";
                        var end = Math.Min(text.Length, f.Index + f.Written.Length + (f.Dimension.Length > 0 ? 0 : UnitAfter().Match(text, f.Index + f.Written.Length).Length));
                        var restated = text[f.Index..end].Trim().TrimEnd('*', '_');
                        yield return context.CreateFinding(this, turn.Span, "Tool Output Misinterpretation",
                            $"{Capital(tool)} gave {record.Written} in {record.UnitWritten}, and {turn.Agent ?? turn.Span.Name} restated the same number as \"{restated}\": the figure was read, its unit was not.",
                            [new Evidence(result.Span.SpanId, result.Source, record.UnitQuote), new Evidence(result.Span.SpanId, result.Source, record.Written), new Evidence(turn.Span.SpanId, turn.Source, restated)],
                            0.7) with { Basis = AttributionBasis.UngroundedContent };
                        yield break;
                    }
                }
            }
        }

        if (Prose(context) is { } prose) yield return prose;
    }

    /// <summary>
    /// The same slip from prose: a page, a file or a printout gave a measure in two units side by side ("Max. depth: 453 m
    /// (1,486 ft)"), and a later step that reasons states its first figure under the second unit ("Lake Chelan 453 ft"),
    /// with that figure in that unit nowhere before it.
    /// </summary>
    private Finding? Prose(DetectionContext context)
    {
        var turns = context.Turns;
        var facts = context.Facts;
        // What each measure was first written as: its number and unit, and the unit it was given in beside it.
        List<(AgentTurn Turn, Fact Fact, string Unit, Fact Beside, string BesideUnit)>? given = null;
        var known = new HashSet<(decimal, string)>();
        foreach (var turn in turns.All)
        {
            var text = turn.Text;
            var measures = new List<(Fact Fact, string Unit)>();
            foreach (var f in facts.FactsOf(text))
            {
                if (f.Kind != FactKind.Number || f.Dimension.Length == 0 || f.Value == 0 || AnswerTrail.InCode(text, f.Index)) continue;
                var unit = RequestedUnitDetector.Canonical(f.Dimension);
                if (RequestedUnitDetector.DimensionOf(unit).Length > 0) measures.Add((f, unit));
            }

            if (!turn.IsObservation && !ReferenceEquals(turn, turns.TaskTurn) && given is not null)
            {
                foreach (var (f, unit) in measures)
                {
                    if (known.Contains((f.Value, unit))) continue;
                    foreach (var g in given)
                    {
                        if (g.Fact.Value != f.Value || g.Unit == unit || g.BesideUnit != unit || ReferenceEquals(g.Turn, turn)) continue;
                        var restated = f.Written;
                        return context.CreateFinding(this, turn.Span, "Tool Output Misinterpretation",
                            $"{g.Turn.Agent ?? g.Turn.Span.Name} gave {g.Fact.Written} ({g.Beside.Written}), and {turn.Agent ?? turn.Span.Name} restated the same number as \"{restated}\": the figure was read, its unit was not.",
                            [new Evidence(g.Turn.Span.SpanId, g.Turn.Source, g.Fact.Written), new Evidence(g.Turn.Span.SpanId, g.Turn.Source, g.Beside.Written), new Evidence(turn.Span.SpanId, turn.Source, restated)],
                            0.7) with { Basis = AttributionBasis.UngroundedContent };
                    }
                }
            }

            for (var i = 0; i < measures.Count; i++)
            {
                var (f, unit) = measures[i];
                known.Add((f.Value, unit));
                // The next measure, of the same kind in another unit, within a few characters: the same quantity converted.
                if (i + 1 < measures.Count && measures[i + 1] is var (next, nextUnit) && nextUnit != unit
                    && RequestedUnitDetector.DimensionOf(nextUnit) == RequestedUnitDetector.DimensionOf(unit) && next.Index - (f.Index + f.Written.Length) is >= 0 and <= 4)
                {
                    (given ??= []).Add((turn, f, unit, next, nextUnit));
                }
            }
        }

        return null;
    }

    private static string Capital(string s) => char.ToUpperInvariant(s[0]) + s[1..];

    private sealed record Figure(decimal Value, string Unit, string UnitWritten, string Written, string UnitQuote);

    private static bool MayNameUnit(string text) =>
        text.Contains("unit", StringComparison.OrdinalIgnoreCase) || text.Contains("uom", StringComparison.OrdinalIgnoreCase) || text.Contains('_', StringComparison.Ordinal);

    // The figures of the record's objects (to three levels, fifty items a list) whose unit the object names.
    private static void Collect(string raw, JsonElement element, List<Figure> into, int depth)
    {
        if (depth > 3 || into.Count >= 64) return;
        if (element.ValueKind == JsonValueKind.Array)
        {
            var n = 0;
            foreach (var item in element.EnumerateArray())
            {
                if (n++ >= 50) break;
                Collect(raw, item, into, depth + 1);
            }

            return;
        }

        if (element.ValueKind != JsonValueKind.Object) return;
        string? declared = null;
        string? declaredQuote = null;
        foreach (var p in element.EnumerateObject())
        {
            if (UnitKeys.Contains(p.Name) && p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is { Length: > 0 and < 20 } u
                && RequestedUnitDetector.DimensionOf(RequestedUnitDetector.Canonical(u.Trim())) is { Length: > 0 })
            {
                declared = u.Trim();
                declaredQuote = JsonProperties.Written(raw, p) ?? $"\"{p.Name}\": \"{u}\"";
            }
        }

        foreach (var p in element.EnumerateObject())
        {
            if (p.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
            {
                Collect(raw, p.Value, into, depth + 1);
                continue;
            }

            if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetDecimal(out var value) || value == 0) continue;
            var written = JsonProperties.Quote(raw, p);
            // A key that names its own unit ("balance_hours", "weight_kg") says more than the record's unit field.
            if (KeyUnit(p.Name) is { } own)
            {
                into.Add(new Figure(value, RequestedUnitDetector.Canonical(own), own, written, written));
            }
            else if (declared is not null)
            {
                into.Add(new Figure(value, RequestedUnitDetector.Canonical(declared), declared, written, declaredQuote!));
            }
        }
    }

    // The unit a key ends with after an underscore or a capital ("balance_hours", "durationMinutes", "weight_kg"); null for none.
    internal static string? KeyUnit(string key)
    {
        var cut = key.LastIndexOf('_');
        for (var i = key.Length - 1; i > 0 && cut < 0; i--)
        {
            if (char.IsUpper(key[i]) && char.IsLower(key[i - 1])) cut = i - 1;
        }

        // A rate ("hoursPerDay", "km_per_hour") is in no one unit.
        if (cut < 0 || cut + 2 >= key.Length || key.Contains("per", StringComparison.OrdinalIgnoreCase)) return null;
        var tail = key[(cut + 1)..];
        return RequestedUnitDetector.DimensionOf(RequestedUnitDetector.Canonical(tail)).Length > 0 ? tail : null;
    }
}
