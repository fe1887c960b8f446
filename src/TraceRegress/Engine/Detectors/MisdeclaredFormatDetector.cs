using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A tool whose declaration gives a date's format the service does not read it in. The parameter's description says
/// "DD/MM/YYYY" (or "MM/DD/YYYY"), the model wrote a date that way ("visit_date": "02/12/2025", 2 December), and the
/// tool's own result gives the date read the other way (<c>"visit_date": "2026-02-12"</c>): the model followed the
/// declaration, and the declaration is wrong. Tool Definition Issues at the first model call that was given the tool,
/// quoting the declared format, the argument and the date the service read; the model calls after the result work on
/// what it booked, and are explained by it. A result that gives the date as
/// declared, or a day above 12 (which reads one way only), is no finding.
/// <para>
/// The same for a rate's scale: the declaration says a parameter is a fraction ("a decimal fraction between 0 and 1, e.g.
/// 0.1 for 10%"), the model sent one (<c>"discount_rate": 0.15</c>), and the tool's result gives the same number back
/// as a percent (<c>"discount_percent": 0.15</c>): the service read 0.15%, not 15%. A result that names the value a
/// fraction or a rate, or gives another number as the percent, is no finding.
/// </para>
/// </summary>
internal sealed partial class MisdeclaredFormatDetector : IDetector
{
    public const string DetectorId = "misdeclared-format";

    [GeneratedRegex(@"\b(?<order>DD/MM/YYYY|MM/DD/YYYY)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    internal static partial Regex DeclaredOrder();

    [GeneratedRegex(@"^(?<a>\d{1,2})/(?<b>\d{1,2})/(?<y>\d{4})$", RegexOptions.CultureInvariant)]
    internal static partial Regex SlashDate();

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    [GeneratedRegex(@"\bfraction\b|\bbetween 0 and 1\b|\b0(?:\.0)?\s*(?:-|–|to)\s*1(?:\.0)?\b|\b0\.\d+\s*(?:for|=|means|is)\s*\d+(?:\.\d+)?\s*%", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DeclaredFraction();

    [GeneratedRegex(@"percent|pct", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PercentKey();

    [GeneratedRegex(@"\bin (?:US |U\.S\. |imperial |UK )?(?<unit>hours|minutes|seconds|days|weeks|pence|cents|inches|centimetres|centimeters|cm|millimetres|millimeters|mm|metres|meters|feet|kilograms|kg|pounds|grams|gallons|litres|liters|millilitres|milliliters|ml)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DeclaredUnit();

    public IEnumerable<Finding> Detect(DetectionContext context) => Dates(context).Concat(Scales(context)).Concat(Units(context)).Take(1);

    /// <summary>
    /// A number sent to a declared tool whose declaration of that parameter gives its scale or unit (<paramref name="rule"/>),
    /// with the tool's first result: the property as the arguments wrote it, the number, the parameter's description and
    /// the rule's match in it.
    /// </summary>
    private static IEnumerable<(ToolCall Call, GenAiSpan Declaring, SourcedText Args, string Name, string Written, decimal Sent, string Described, Match Declared, SourcedText Result)>
        DeclaredNumbers(DetectionContext context, Regex rule)
    {
        var view = context.View;
        if (!view.Spans.Any(g => g.ToolDefinitionsKnown && g.ToolDefinitions.Any(t => t.ParameterRules.Values.Any(r => r.Description is { } pd && rule.IsMatch(pd)) || t.Description is { } d && rule.IsMatch(d)))) yield break;
        foreach (var call in context.CallsInOrder)
        {
            if (call.Arguments is not { } args || call.Results.Count == 0 || call.Error is not null) continue;
            if (ToolDeclarations.DeclaringSpan(view, call) is not { } declaring || ToolDeclarations.Definition(declaring, call.Name) is not { } definition) continue;
            using var document = JsonContent.ParseDocument(args.Text);
            if (document is null || document.RootElement.ValueKind != JsonValueKind.Object) continue;
            var numbers = new List<(string, string, decimal, string, Match)>();
            foreach (var p in document.RootElement.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetDecimal(out var sent) || sent <= 0) continue;
                // The parameter's own description, else the line of the tool's that documents it (a docstring's "Args:
                // run_length: total length of the fence run in metres.").
                var described = definition.ParameterRules.TryGetValue(p.Name, out var declared) && declared.Description is { } own ? own : DocumentedIn(definition.Description, p.Name);
                if (described is null || rule.Match(described) is not { Success: true } match) continue;
                numbers.Add((p.Name, JsonProperties.Quote(args.Text, p), sent, described, match));
            }

            foreach (var (name, written, sent, described, match) in numbers) yield return (call, declaring, args, name, written, sent, described, match, call.Results[0]);
        }
    }

    // The line of a tool's description that documents a parameter: "run_length: total length ... in metres."
    private static string? DocumentedIn(string? description, string parameter)
    {
        if (description is null) return null;
        foreach (var line in description.Split('\n'))
        {
            var t = line.Trim();
            if (t.StartsWith(parameter, StringComparison.Ordinal) && t.Length > parameter.Length && t[parameter.Length] is ':' or ' ' or '(') return t;
        }

        return null;
    }

    /// <summary>
    /// The finding for a number declared in one scale or unit that the service gave back in another (<paramref name="reads"/>):
    /// at the first model call given the tool, quoting the declaration, the argument and the result.
    /// </summary>
    private Finding Misdeclared(DetectionContext context, ToolCall call, GenAiSpan declaring, SourcedText args, string written, SourcedText result, string read, string declaration, string reads) =>
        context.CreateFinding(this, (FirstGiven(context.View, call.Name) ?? declaring).Span, "Tool Definition Issues",
            $"{call.Name} declares {declaration}; the model sent {written} so, and the service gave it back as {read}: {reads}.",
            [ToolDeclarations.Offering(declaring, call.Name), new Evidence(args.Span.SpanId, args.Source, written),
             new Evidence(result.Span.SpanId, result.Source, read)], 0.7)
        with { Basis = AttributionBasis.Inference, Explains = After(context, result.Span) };

    // What came after the service's answer and worked on it: the model calls, and the turns that restate what it gave
    // back (a chain's output reading the echoed number in the declared unit).
    private static string[] After(DetectionContext context, Model.Span result)
    {
        var rank = context.View.Rank(result);
        return context.ModelCallsAfter(result).Select(g => g.Span.SpanId)
            .Concat(context.Turns.All.Where(t => context.View.Rank(t.Span) > rank).Select(t => t.Span.SpanId)).Distinct().ToArray();
    }

    private static string Described(string described, Match declared) => described.Length <= 160 ? described.Trim() : declared.Value;

    /// <summary>
    /// A number declared in one unit ("Appointment length in hours, e.g. 1 for a one-hour appointment"), sent so
    /// (<c>"length": 1</c>), that the tool's result gives back as the same number in another unit of the same kind
    /// (<c>"length_minutes": 1</c>): the service reads another unit than the declaration gives.
    /// </summary>
    private IEnumerable<Finding> Units(DetectionContext context)
    {
        foreach (var (call, declaring, args, name, written, sent, described, declared, result) in DeclaredNumbers(context, DeclaredUnit()))
        {
            var unit = RequestedUnitDetector.Canonical(declared.Groups["unit"].Value);
            var kind = RequestedUnitDetector.DimensionOf(unit);
            if (kind.Length == 0 || result.Json is not { ValueKind: JsonValueKind.Object } root) continue;
            foreach (var r in JsonProperties.Objects(root).SelectMany(o => o.EnumerateObject()))
            {
                if (r.Value.ValueKind != JsonValueKind.Number || !r.Value.TryGetDecimal(out var back) || back != sent) continue;
                if (RecordUnitDetector.KeyUnit(r.Name) is not { } other || RequestedUnitDetector.Canonical(other) is var read && (read == unit || RequestedUnitDetector.DimensionOf(read) != kind)) continue;
                yield return Misdeclared(context, call, declaring, args, written, result, JsonProperties.Quote(result.Text, r),
                    $"{name} {declared.Value} (\"{Described(described, declared)}\")", "it reads another unit, and the declaration gives the wrong one");
                yield break;
            }
        }
    }

    private IEnumerable<Finding> Scales(DetectionContext context)
    {
        foreach (var (call, declaring, args, name, written, sent, described, declared, result) in DeclaredNumbers(context, DeclaredFraction()))
        {
            if (sent >= 1 || result.Json is not { ValueKind: JsonValueKind.Object } root) continue;
            // The result gives the number sent back under a name that calls it a percent.
            JsonProperty? echoed = null;
            foreach (var r in root.EnumerateObject())
            {
                if (PercentKey().IsMatch(r.Name) && r.Value.ValueKind == JsonValueKind.Number && r.Value.TryGetDecimal(out var back) && back == sent) echoed = r;
            }

            if (echoed is not { } e) continue;
            yield return Misdeclared(context, call, declaring, args, written, result, JsonProperties.Quote(result.Text, e),
                $"{name} as a fraction (\"{Described(described, declared)}\")", "it reads a percent, and the declaration gives the wrong scale");
            yield break;
        }
    }

    private IEnumerable<Finding> Dates(DetectionContext context)
    {
        var view = context.View;
        if (!view.Spans.Any(g => g.ToolDefinitionsKnown && g.ToolDefinitions.Any(t => t.Description is { } d && DeclaredOrder().IsMatch(d) || t.ParameterRules.Values.Any(r => r.Description is { } pd && DeclaredOrder().IsMatch(pd))))) yield break;
        foreach (var call in context.CallsInOrder)
        {
            if (call.Arguments is not { } args || call.Results.Count == 0 || call.Error is not null || !args.Text.Contains('/', StringComparison.Ordinal)) continue;
            if (ToolDeclarations.DeclaringSpan(view, call) is not { } declaring || ToolDeclarations.Definition(declaring, call.Name) is not { } definition) continue;
            using var document = JsonContent.ParseDocument(args.Text);
            if (document is null || document.RootElement.ValueKind != JsonValueKind.Object) continue;
            foreach (var p in document.RootElement.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.String || SlashDate().Match(p.Value.GetString()!) is not { Success: true } written) continue;
                // The parameter's own description, else the tool's where it names the parameter (some instrumentations fold
                // the parameters' descriptions into the tool's).
                string? described = null;
                if (definition.ParameterRules.TryGetValue(p.Name, out var rule) && rule.Description is { } own) described = own;
                else if (definition.Description is { } whole && (whole.Contains(p.Name, StringComparison.Ordinal) || whole.Contains(p.Name.Replace('_', ' '), StringComparison.OrdinalIgnoreCase))) described = whole;
                if (described is null || DeclaredOrder().Match(described) is not { Success: true } order) continue;
                int a = int.Parse(written.Groups["a"].ValueSpan, System.Globalization.CultureInfo.InvariantCulture), b = int.Parse(written.Groups["b"].ValueSpan, System.Globalization.CultureInfo.InvariantCulture);
                if (a > 12 || b > 12 || a == b) continue;
                var dayFirst = order.Value.StartsWith("DD", StringComparison.OrdinalIgnoreCase);
                var (month, day) = dayFirst ? (b, a) : (a, b);
                // The date as the service read it: the other way round, in ISO form, in what the tool returned.
                var asRead = $"-{day:00}-{month:00}";
                var asDeclared = $"-{month:00}-{day:00}";
                var result = call.Results[0];
                var read = IsoDates().Matches(result.Text).FirstOrDefault(m => m.Value.EndsWith(asRead, StringComparison.Ordinal));
                if (read is null || IsoDates().Matches(result.Text).Any(m => m.Value.EndsWith(asDeclared, StringComparison.Ordinal))) continue;
                var first = FirstGiven(view, call.Name) ?? declaring;
                yield return context.CreateFinding(this, first.Span, "Tool Definition Issues",
                    $"{call.Name} declares {p.Name} as {order.Value}; the model wrote {written.Value} so, and the service read it as {read.Value}: the declaration gives the wrong order.",
                    [ToolDeclarations.Offering(declaring, call.Name), new Evidence(args.Span.SpanId, args.Source, written.Value),
                     new Evidence(result.Span.SpanId, result.Source, read.Value)], 0.7)
                    with { Basis = AttributionBasis.Inference, Explains = context.ModelCallsAfter(result.Span).Select(g => g.Span.SpanId).ToArray() };
                yield break;
            }
        }
    }

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}\b", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDates();

    // The first model call that was given the tool.
    internal static GenAiSpan? FirstGiven(TraceView view, string tool)
    {
        GenAiSpan? first = null;
        foreach (var g in view.Spans)
        {
            if (!g.IsModelCall || !g.ToolDefinitionsKnown || !g.ToolDefinitions.Any(t => t.Name == tool)) continue;
            if (first is null || view.Rank(g.Span) < view.Rank(first.Span)) first = g;
        }

        return first;
    }
}
