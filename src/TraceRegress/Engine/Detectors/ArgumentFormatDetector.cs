using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A tool call whose argument breaks the form its parameter's definition requires: the schema's <c>pattern</c>
/// (<c>"^[0-9]{8}$"</c>), or a description that says "digits only", "no spaces" or "ISO 8601 (YYYY-MM-DD)", against a
/// value such as <c>"memo": "4821 3376"</c> or <c>"start_date": "04/03/2025"</c>. The tool takes what it is given and does something else with it (a memo sent as text, not as
/// an id): Formatting Errors, cited at the model call that wrote the arguments, quoting the argument and the rule.
/// </summary>
internal sealed partial class ArgumentFormatDetector : IDetector
{
    public const string DetectorId = "argument-format";

    [GeneratedRegex(@"\b(?:digits only|only digits|numeric only|numbers only|only numbers|only numeric)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DigitsOnly();

    [GeneratedRegex(@"\b(?:no spaces|without spaces|must not contain spaces)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NoSpaces();

    [GeneratedRegex(@"\bISO[ -]?8601\b|\bYYYY-MM-DD\b", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDate();

    // A value written as a date: day, month and year in some order, with slashes, dots or dashes.
    [GeneratedRegex(@"^\s*\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b", RegexOptions.CultureInvariant)]
    private static partial Regex WrittenDate();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(?:$|T)", RegexOptions.CultureInvariant)]
    private static partial Regex IsoValue();

    public string Id => DetectorId;

    public int Priority => 45;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        // Most runs declare no parameter whose form is constrained: nothing to check.
        if (!view.Spans.Any(g => g.ToolDefinitionsKnown && g.ToolDefinitions.Any(t => t.ParameterRules.Count > 0))) yield break;
        foreach (var call in view.ToolCalls.Calls)
        {
            if (call.RequestedBy is not { IsModelCall: true } chooser || call.Arguments is not { } args || call.Name.Length == 0) continue;
            if (ToolDeclarations.DeclaringSpan(view, call) is not { } declaring || ToolDeclarations.Definition(declaring, call.Name) is not { ParameterRules.Count: > 0 } definition) continue;
            using var doc = JsonContent.ParseDocument(args.Text);
            if (doc is null || doc.RootElement.ValueKind != JsonValueKind.Object) continue;
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.String || p.Value.GetString() is not { Length: > 0 } value) continue;
                if (!definition.ParameterRules.TryGetValue(p.Name, out var rule) || Broken(value, rule) is not { } broken) continue;
                yield return context.CreateFinding(this, chooser.Span, "Formatting Errors",
                    $"{chooser.Span.Name} sent {call.Name} {JsonProperties.Quote(args.Text, p)}, where its definition says \"{broken}\"",
                    [new Evidence(args.Span.SpanId, args.Source, JsonProperties.Quote(args.Text, p)), new Evidence(declaring.Span.SpanId, definition.Source, broken)], 0.7)
                    with { Basis = AttributionBasis.Inference, Explains = new[] { call.ExecutionSpan?.SpanId }.OfType<string>().ToArray() };
                yield break;
            }
        }
    }

    /// <summary>The rule the value breaks, quoted as the definition writes it; null when it breaks none.</summary>
    private static string? Broken(string value, (string? Description, string? Pattern) rule)
    {
        if (rule.Pattern is { Length: > 0 } pattern)
        {
            try
            {
                if (!Regex.IsMatch(value, pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100))) return pattern;
            }
            catch (ArgumentException)
            {
                // A pattern .NET cannot read says nothing here.
            }
            catch (RegexMatchTimeoutException)
            {
            }
        }

        if (rule.Description is not { Length: > 0 } description) return null;
        if (DigitsOnly().Match(description) is { Success: true } digits && !value.All(char.IsAsciiDigit)) return Requests.Sentence(description, digits.Index);
        if (NoSpaces().Match(description) is { Success: true } spaces && value.Contains(' ', StringComparison.Ordinal)) return Requests.Sentence(description, spaces.Index);
        // A date asked for as ISO 8601 (YYYY-MM-DD) and written another way ("04/03/2025"), where the value is a date at all.
        if (IsoDate().Match(description) is { Success: true } iso && WrittenDate().IsMatch(value) && !IsoValue().IsMatch(value)) return Requests.Sentence(description, iso.Index);
        return null;
    }
}
