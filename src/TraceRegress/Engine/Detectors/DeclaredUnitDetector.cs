using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A tool declared to take an amount in whole units ("Credit amount in US dollars, e.g. 67.20") where the service reads
/// minor units, as the run shows two ways: tools of the same request are declared in minor units ("All monetary amounts
/// are integers in cents") and the fraction the call sent came back cut to whole cents (<c>"amount": 67.2</c> returned
/// as <c>"amount": 67</c>); or a record the run read gives the same sum a hundred times larger (an order's
/// <c>"amount_total": 4900</c>) and the amount sent (49) came back as sent, 49 cents; or the amount sent came back under
/// its name with the minor unit it was read in (<c>"amount": 50</c> sent, <c>"amount_minor_units": 50</c> returned). The model followed the declaration;
/// the declaration was wrong: Tool Definition Issues at the first model call whose request declares the tool, quoting its
/// declaration, what shows the minor unit and the amount the tool returned. The same for a measure: a parameter declared
/// in metres that the service reads in feet (see <see cref="OtherMeasure"/>).
/// </summary>
internal sealed partial class DeclaredUnitDetector : IDetector
{
    public const string DetectorId = "declared-unit";

    // Whole units in a declaration: "in US dollars", "in pounds", "in EUR", or an example with two decimals ("e.g. 67.20").
    [GeneratedRegex(@"\bin (?:US |Canadian |Australian |New Zealand )?(?:dollars|euros|pounds(?: sterling)?|sterling|USD|EUR|GBP|CAD|AUD)\b|\be\.g\.,? ?[$€£]?\d+\.\d{2}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WholeUnits();

    // Minor units in a declaration: "integers in cents", "in pence", "minor units".
    [GeneratedRegex(@"\b(?:integers? )?(?:in|as) (?:integer )?(?:cents|pence|minor (?:currency )?units)\b|\bminor units\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MinorUnits();

    public string Id => DetectorId;

    public int Priority => 56;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        foreach (var call in context.CallsInOrder)
        {
            if (call.Arguments is not { } args || call.Result is not { } result) continue;
            if (ToolDeclarations.DeclaringSpan(view, call) is not { } declaring || ToolDeclarations.Definition(declaring, call.Name)?.Description is not { } own) continue;
            if (WholeUnits().Match(own) is not { Success: true } whole) continue;
            if (args.Json is not { ValueKind: JsonValueKind.Object } sent || result.Json is not { ValueKind: JsonValueKind.Object } returned) continue;
            var sibling = declaring.ToolDefinitions.FirstOrDefault(d => d.Name != call.Name && d.Description is { } dd && MinorUnits().IsMatch(dd));
            // The first model call whose request declares the tool: the declaration is the mistake, wherever it was read.
            var declared = FirstDeclaring(view, call.Name) ?? declaring;
            foreach (var field in sent.EnumerateObject())
            {
                if (field.Value.ValueKind != JsonValueKind.Number || !field.Value.TryGetDecimal(out var amount) || amount <= 0) continue;
                // The amount as the service gives it back: under the same name, or under that name with the minor unit it
                // was read in ("amount" sent 50, "amount_minor_units": 50 returned).
                var echo = returned.EnumerateObject().FirstOrDefault(p => p.Name == field.Name
                    || p.Name.StartsWith(field.Name, StringComparison.OrdinalIgnoreCase) && MinorName().IsMatch(p.Name[field.Name.Length..]));
                if (echo.Value.ValueKind != JsonValueKind.Number || !echo.Value.TryGetDecimal(out var kept) || kept != decimal.Truncate(kept)) continue;
                // What says the service counts in minor units: a sibling tool declared so, when the fraction sent came back cut
                // to whole cents (67.2 as 67); or a record the run read that gives the same sum a hundred times larger (an
                // order's "amount_total": 4900 for the 49 sent back as 49); or the field it came back in, named for the minor
                // unit.
                Evidence? minor = null;
                if (echo.Name != field.Name && kept == amount)
                {
                    minor = new Evidence(result.Span.SpanId, result.Source, JsonProperties.Quote(result.Text, echo));
                }
                else if (sibling is not null && amount != decimal.Truncate(amount) && (kept == decimal.Truncate(amount) || kept == Math.Round(amount, MidpointRounding.AwayFromZero)))
                {
                    minor = new Evidence(declared.Span.SpanId, ToolDeclarations.OfferedAt(declared, sibling.Name), MinorUnits().Match(sibling.Description!).Value);
                }
                else if (kept == amount && RecordInMinorUnits(context, call, amount) is { } record)
                {
                    minor = record;
                }

                if (minor is null) continue;
                var returnedQuote = JsonProperties.Quote(result.Text, echo);
                var evidence = new List<Evidence> { new(declared.Span.SpanId, ToolDeclarations.OfferedAt(declared, call.Name), whole.Value.Trim()), minor };
                if (minor.Quote != returnedQuote) evidence.Add(new Evidence(result.Span.SpanId, result.Source, returnedQuote));
                yield return context.CreateFinding(this, declared.Span, "Tool Definition Issues",
                    $"{call.Name} is declared to take whole units (\"{whole.Value.Trim()}\"), and the service reads minor units ({(minor.Quote.StartsWith('"') ? minor.Quote : $"\"{minor.Quote}\"")}): sent {field.Value.GetRawText()}, it returned {returnedQuote}.",
                    evidence, 0.7) with { Basis = AttributionBasis.Inference, Explains = [.. new[] { call.ExecutionSpan?.SpanId }.OfType<string>(), .. context.ModelCallsAfter(declared.Span).Select(g => g.Span.SpanId)] };
                yield break;
            }
        }

        if (OtherMeasure(context) is { } measured) yield return measured;
    }

    /// <summary>
    /// A parameter declared in one unit of measure ("length: Total length of the fence run in metres") that the service
    /// reads in another of the same kind: the call sent a figure (<c>"length": 24</c>) and the tool's result gives that
    /// figure back with the other unit (<c>"run_covered": "24 ft"</c>). The model followed the declaration; the declaration
    /// was wrong: Tool Definition Issues at the first model call whose request declares the tool.
    /// </summary>
    private Finding? OtherMeasure(DetectionContext context)
    {
        var view = context.View;
        foreach (var call in context.CallsInOrder)
        {
            if (call.Arguments is not { Json: { ValueKind: JsonValueKind.Object } sent } || call.Result is not { Json: { } returned } result) continue;
            if (ToolDeclarations.DeclaringSpan(view, call) is not { } declaring || ToolDeclarations.Definition(declaring, call.Name)?.Description is not { } own) continue;
            var definition = ToolDeclarations.Definition(declaring, call.Name);
            foreach (var field in sent.EnumerateObject())
            {
                if (field.Value.ValueKind != JsonValueKind.Number || !field.Value.TryGetDecimal(out var figure) || figure <= 0) continue;
                if (DeclaredIn(own, definition, field.Name) is not var (unitWord, declaredQuote) || Measure("1 " + unitWord) is not { } declared) continue;
                foreach (var record in JsonProperties.Objects(returned))
                {
                    foreach (var p in record.EnumerateObject())
                    {
                        // The figure given back with its unit ("24 ft"), or beside a field that names its unit
                        // ("billed_length": 17.37, "billed_length_unit": "ft").
                        string? read = null;
                        var returnedQuote = JsonProperties.Quote(result.Text, p);
                        if (p.Value.ValueKind == JsonValueKind.String && Facts.Extract(p.Value.GetString()!) is [{ Kind: FactKind.Number } back] && back.Value == figure)
                        {
                            read = Measure(back.Written);
                        }
                        else if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetDecimal(out var number) && number == figure && UnitBeside(record, p.Name) is { } unitField)
                        {
                            read = Measure("1 " + unitField.Value.GetString());
                            var unitQuote = JsonProperties.Quote(result.Text, unitField);
                            var both = $"{returnedQuote},{unitQuote}";
                            returnedQuote = result.Text.Contains(both, StringComparison.Ordinal) ? both : unitQuote;
                        }

                        if (read is null || read == declared || Family(read) != Family(declared) || Family(read) is null) continue;
                        var first = FirstDeclaring(view, call.Name) ?? declaring;
                        return context.CreateFinding(this, first.Span, "Tool Definition Issues",
                            $"{call.Name} is declared to take {field.Name} \"in {unitWord}\", and the service read it in {read}: sent {field.Value.GetRawText()}, it returned {returnedQuote}.",
                            [new Evidence(first.Span.SpanId, ToolDeclarations.OfferedAt(first, call.Name), declaredQuote), new Evidence(result.Span.SpanId, result.Source, returnedQuote)], 0.65)
                            with { Basis = AttributionBasis.Inference, Explains = [.. new[] { call.ExecutionSpan?.SpanId }.OfType<string>(), .. context.ModelCallsAfter(first.Span).Select(g => g.Span.SpanId)] };
                    }
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The unit a parameter is declared in, and the words that declare it: the tool's description writing about the
    /// parameter ("length: Total length of the fence run in metres"), or the parameter's own description ("Overall boat
    /// length in metres"); null when neither gives one.
    /// </summary>
    private static (string Unit, string Quote)? DeclaredIn(string own, ToolDefinition? definition, string parameter)
    {
        var at = own.IndexOf(parameter, StringComparison.OrdinalIgnoreCase);
        if (at >= 0 && own.IndexOf(" in ", at, StringComparison.Ordinal) is var inAt && inAt >= 0 && inAt - at <= 100
            && Regex.Match(own, $@"\b{Regex.Escape(parameter)}\b[^.\n]{{0,80}}?\bin (?<unit>[a-z]+)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant) is { Success: true } m)
        {
            return (m.Groups["unit"].Value, m.Value.Trim());
        }

        if (definition?.ParameterRules.TryGetValue(parameter, out var rule) == true && rule.Description is { } described
            && Regex.Match(described, @"\bin (?<unit>[a-z]+)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant) is { Success: true } d)
        {
            return (d.Groups["unit"].Value, described.Trim());
        }

        return null;
    }

    // The field of a record that names the unit of another ("billed_length_unit", "lengthUnit", or a lone "unit").
    private static JsonProperty? UnitBeside(JsonElement record, string name)
    {
        foreach (var p in record.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.String
                && (p.Name.Equals(name + "_unit", StringComparison.OrdinalIgnoreCase) || p.Name.Equals(name + "Unit", StringComparison.Ordinal) || p.Name.Equals("unit", StringComparison.OrdinalIgnoreCase))) return p;
        }

        return null;
    }

    // The unit a figure is written in, as the fact reader names it ("m" for "1 metres", "ft" for "24 ft"); null for none.
    private static string? Measure(string text) => Facts.Extract(text) is [{ Kind: FactKind.Number, Dimension.Length: > 0 } f] ? f.Dimension : null;

    // What a unit measures: a length, a weight or a volume; null for anything else.
    private static string? Family(string unit) => unit switch
    {
        "m" or "km" or "cm" or "mm" or "mi" or "ft" or "yd" or "in" => "length",
        "kg" or "g" or "mg" or "lb" or "oz" or "t" => "weight",
        "ml" or "l" or "gal" => "volume",
        _ => null,
    };

    private static GenAiSpan? FirstDeclaring(TraceView view, string tool) => view.Spans.FirstOrDefault(g => g.IsModelCall && ToolDeclarations.Definition(g, tool) is not null);

    // A money field of an earlier tool result that holds the amount a hundred times larger, quoted as written.
    private static Evidence? RecordInMinorUnits(DetectionContext context, ToolCall call, decimal amount)
    {
        var view = context.View;
        if (call.RequestedBy is not { } chooser) return null;
        var rank = view.Rank(chooser.Span);
        foreach (var earlier in context.CallsInOrder)
        {
            if (ReferenceEquals(earlier, call) || earlier.Result is not { } r || earlier.ExecutionSpan is not { } ran || view.Rank(ran) >= rank || r.Json is not { } root) continue;
            foreach (var record in JsonProperties.Objects(root))
            {
                foreach (var p in record.EnumerateObject())
                {
                    if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetDecimal(out var v) && v == amount * 100 && MoneyKey().IsMatch(p.Name))
                        return new Evidence(r.Span.SpanId, r.Source, JsonProperties.Quote(r.Text, p));
                }
            }
        }

        return null;
    }

    [GeneratedRegex(@"amount|total|price|paid|charge|cost|deposit|fee|balance", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MoneyKey();

    // The rest of a field's name that says it holds minor units: "_minor_units", "_minor", "Pence", "_cents".
    [GeneratedRegex(@"^[_-]?(?:in[_-]?)?(?:minor(?:[_-]?units?)?|pence|cents)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MinorName();
}
