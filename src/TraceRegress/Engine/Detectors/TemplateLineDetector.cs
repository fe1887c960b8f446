using System.Text;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// The instructions give a machine-read line by example ("Example: RESERVATION|LCH-10001|PR-2040|M|2025-06-06|2025-06-09|3000"),
/// and a model call writes that line (same keyword, fields set off by the same separator), in its answer or in a tool
/// call's arguments, with a field of another shape:
/// a date written <c>31/10/2025</c> where the example writes <c>2025-06-06</c>, an amount <c>£40.00</c> where it writes
/// <c>3000</c>, or another number of fields. Whatever reads the line reads it wrong: Formatting Errors at that call,
/// quoting the example and the line. Shapes compare runs of digits and of letters, so other values of the same form
/// (another reference, another size) keep it.
/// </summary>
internal sealed partial class TemplateLineDetector : IDetector
{
    public const string DetectorId = "template-line";

    // An example line: an upper-case keyword and three or more fields set off by "|".
    [GeneratedRegex(@"(?<![\w|])(?<kw>[A-Z][A-Z_]{2,20})\|(?<rest>[^\s|\\""]+(?:\|[^\s|\\""]*){2,})", RegexOptions.CultureInvariant)]
    private static partial Regex Line();

    [GeneratedRegex(@"\bexample\b|\be\.g\.", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExampleWord();

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var examples = new Dictionary<string, (string Line, GenAiSpan Span, string Source)>(StringComparer.Ordinal);
        foreach (var g in context.View.Spans)
        {
            if (!g.IsModelCall) continue;
            foreach (var m in g.InputMessages)
            {
                if (m.Role is not ("system" or "developer")) continue;
                foreach (var part in m.Parts)
                {
                    if (part.Kind != PartKind.Text || part.Content is not { } text || !text.Contains('|', StringComparison.Ordinal)) continue;
                    foreach (Match line in Line().Matches(text))
                    {
                        // A line given as an example ("Example: ..."), not the template with its placeholders.
                        var before = text[Math.Max(0, line.Index - 30)..line.Index];
                        if (!ExampleWord().IsMatch(before)) continue;
                        examples.TryAdd(line.Groups["kw"].Value, (line.Value, g, part.Source));
                    }
                }
            }

            foreach (var m in g.OutputMessages)
            {
                foreach (var part in m.Parts)
                {
                    // The line in its answer, or in what it sends a tool (an instruction line a depot's scanner reads).
                    var text = part.Kind == PartKind.Text ? part.Content : part.Kind == PartKind.ToolCall ? part.Arguments : null;
                    if (text is null || examples.Count == 0 || !text.Contains('|', StringComparison.Ordinal)) continue;
                    foreach (Match line in Line().Matches(text))
                    {
                        if (!examples.TryGetValue(line.Groups["kw"].Value, out var example) || line.Value == example.Line) continue;
                        var want = example.Line.Split('|');
                        var got = line.Value.Split('|');
                        var differs = want.Length != got.Length ? -1 : Enumerable.Range(0, want.Length).FirstOrDefault(i => Shape(want[i]) != Shape(got[i]), 0);
                        if (differs == 0) continue;
                        var what = differs < 0 ? $"{got.Length} fields where the example has {want.Length}" : $"\"{got[differs]}\" where the example writes \"{want[differs]}\"";
                        yield return context.CreateFinding(this, g.Span, "Formatting Errors",
                            $"The instructions give the {line.Groups["kw"].Value} line by example, and {g.Span.Name} wrote it with {what}: whatever reads the line reads it wrong.",
                            [new Evidence(example.Span.Span.SpanId, example.Source, example.Line), new Evidence(g.Span.SpanId, part.Source, line.Value)], 0.7)
                            with { Basis = AttributionBasis.Inference, Explains = context.ModelCallsAfter(g.Span).Select(s => s.Span.SpanId).ToArray() };
                        yield break;
                    }
                }
            }
        }
    }

    // A field's shape: each run of digits a 9, each run of letters (and spaces) an a, other characters as written.
    private static string Shape(string field)
    {
        var shape = new StringBuilder(field.Length);
        foreach (var c in field)
        {
            var s = char.IsAsciiDigit(c) ? '9' : char.IsLetter(c) || c == ' ' ? 'a' : c;
            if (shape.Length > 0 && shape[^1] == s && s is '9' or 'a') continue;
            shape.Append(s);
        }

        return shape.ToString();
    }
}
