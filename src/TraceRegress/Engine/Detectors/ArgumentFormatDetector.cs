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

    // A form written in placeholders of date and time parts: "YYYY-MM", "DD/MM/YYYY", "HH:MM", "YYYY-MM-DDTHH:mm" (ISO 8601's
    // T between the date and the time). A form is read whole or not at all: never a part of a longer one.
    [GeneratedRegex(@"(?<![\w-/.:])(?:YYYY|YY|MM|DD|HH|hh|mm|ss)(?:(?:[-/.:]|(?<=DD)T(?=HH|hh))(?:YYYY|YY|MM|DD|HH|hh|mm|ss))+(?![\w-/.:]*\w)", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholders();

    [GeneratedRegex(@"\bcomma[- ]separated\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CommaList();

    public string Id => DetectorId;

    public int Priority => 45;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        // Most runs declare no parameter whose form is constrained: nothing to check. A tool's description recorded on the
        // span that ran it (gen_ai.tool.description) may say what form a parameter takes ("months: ... in YYYY-MM format").
        var declared = view.Spans.Any(g => g.ToolDefinitionsKnown && g.ToolDefinitions.Any(t => t.ParameterRules.Count > 0));
        if (!declared && !view.Spans.Any(g => g.Span.Attributes.GetString(ToolDescription) is { Length: > 0 })) yield break;
        foreach (var call in view.ToolCalls.Calls)
        {
            if (call.RequestedBy is not { IsModelCall: true } chooser || call.Arguments is not { } args || call.Name.Length == 0) continue;
            var definition = declared && ToolDeclarations.DeclaringSpan(view, call) is { } declaring && ToolDeclarations.Definition(declaring, call.Name) is { ParameterRules.Count: > 0 } d
                ? (Span: declaring.Span, d.Source, Rules: d.ParameterRules) : default;
            var described = call.ExecutionSpan is { } ran && ran.Attributes.GetString(ToolDescription) is { Length: > 0 } description ? (Span: ran, Text: description) : default;
            if (definition.Rules is null && described.Text is null) continue;
            using var doc = JsonContent.ParseDocument(args.Text);
            if (doc is null || doc.RootElement.ValueKind != JsonValueKind.Object) continue;
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.String || p.Value.GetString() is not { Length: > 0 } value) continue;
                Evidence? rule = null;
                string? broken = null;
                if (definition.Rules is not null && definition.Rules.TryGetValue(p.Name, out var declaredRule) && Broken(value, declaredRule) is { } b)
                {
                    (broken, rule) = (b, new Evidence(definition.Span.SpanId, definition.Source, b));
                }
                else if (described.Text is not null && ParameterSaid(described.Text, p.Name) is { } said && Broken(value, (said, null)) is { } c)
                {
                    (broken, rule) = (c, new Evidence(described.Span.SpanId, GenAiSpanReader.AttributeSource(ToolDescription), c));
                }

                if (broken is null || rule is null) continue;
                yield return context.CreateFinding(this, chooser.Span, "Formatting Errors",
                    $"{chooser.Span.Name} sent {call.Name} {JsonProperties.Quote(args.Text, p)}, where its definition says \"{broken}\"",
                    [new Evidence(args.Span.SpanId, args.Source, JsonProperties.Quote(args.Text, p)), rule], 0.7)
                    with { Basis = AttributionBasis.Inference, Explains = new[] { call.ExecutionSpan?.SpanId, call.RespondedIn?.Span.SpanId }.OfType<string>().ToArray() };
                yield break;
            }
        }
    }

    private const string ToolDescription = "gen_ai.tool.description";

    /// <summary>What a tool's description says of one parameter ("months: comma-separated list of months in YYYY-MM format, e.g. '2025-07,2025-08'."); null when it names none.</summary>
    internal static string? ParameterSaid(string description, string parameter)
    {
        var at = WholeWords.Find(description, parameter + ":");
        if (at < 0) return null;
        var from = at + parameter.Length + 1;
        // To the end of its sentence: a full stop before a space or the end, not one inside an example ('2025.07').
        var end = from;
        while (end < description.Length && !(description[end] == '.' && (end + 1 == description.Length || char.IsWhiteSpace(description[end + 1])))) end++;
        return description[from..end].Trim();
    }

    /// <summary>True when the value breaks the form a parameter's description asks for.</summary>
    // A country code whose national numbers begin with a trunk 0 that the international form drops, followed by that 0.
    [GeneratedRegex(@"^\+(?:44|353|61|64|33|49|31|27|91|32|41|43|46|81|82|86)\s?0\d", RegexOptions.CultureInvariant)]
    private static partial Regex TrunkZeroKept();

    internal static bool BreaksForm(string value, string description) => Broken(value, (description, null)) is not null;

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
        // A phone number asked for in E.164 form, written with the national trunk 0 kept after the country code
        // ("+4407700900461" for 07700 900461): countries whose numbers drop the 0 in international form.
        if (description.Contains("E.164", StringComparison.Ordinal) && TrunkZeroKept().IsMatch(value)) return Requests.Sentence(description, description.IndexOf("E.164", StringComparison.Ordinal));
        // A date asked for as ISO 8601 (YYYY-MM-DD) and written another way ("04/03/2025"), where the value is a date at all.
        if (IsoDate().Match(description) is { Success: true } iso && WrittenDate().IsMatch(value) && !IsoValue().IsMatch(value)) return Requests.Sentence(description, iso.Index);
        // A form written in placeholders ("YYYY-MM", "HH:MM"), for each item of a list the description asks to be separated
        // by commas: a value with a digit that is not in that form.
        if (Placeholders().Match(description) is { Success: true } form && value.Any(char.IsAsciiDigit))
        {
            var shape = new Regex("^" + string.Concat(form.Value.Select(ch => ch switch { 'Y' or 'M' or 'D' or 'H' or 'h' or 'm' or 's' => @"\d", _ => Regex.Escape(ch.ToString()) })) + "$", RegexOptions.CultureInvariant);
            var items = CommaList().IsMatch(description) ? value.Split(',').Select(v => v.Trim()) : [value.Trim()];
            if (items.Any(v => !shape.IsMatch(v))) return Requests.Sentence(description, form.Index);
        }

                // A machine string shown by example ("e.g. HOLD;SUB-10001;2025-01;2"): a value that opens with the example's first
        // field but does not hold as many fields set apart by the same mark was written in words, not in the form.
        if (MachineExample().Match(description) is { Success: true } example)
        {
            var sample = example.Groups["x"].Value;
            var mark = sample.Count(c => c == ';') >= 2 ? ';' : '|';
            var fields = sample.Split(mark);
            if (fields[0].Length >= 2 && value.StartsWith(fields[0], StringComparison.Ordinal) && value.Split(mark).Length != fields.Length) return Quote.Cut(description);
        }

        return null;
    }

    // An example of a string in fields set apart by semicolons or bars, after "e.g." or "for example".
    [GeneratedRegex(@"\b(?:e\.g\.,?|for example,?|example:)\s*['""`]?(?<x>[A-Za-z0-9][^\s;|'""`]*(?:;[^\s;|'""`]+){2,}|[A-Za-z0-9][^\s;|'""`]*(?:\|[^\s;|'""`]+){2,})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MachineExample();
}
