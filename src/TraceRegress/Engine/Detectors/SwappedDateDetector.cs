using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A date the run knew in one form, written with slashes in a tool's arguments and read the other way by the service.
/// A tool result gave the date unambiguously (<c>"next_dates": ["2025-03-07", ...]</c>), a model call sent it as
/// <c>"delivery_date": "07/03/2025"</c> (day first), and the tool's own result gives back the other reading
/// (<c>"delivery_date": "2025-07-03"</c>) and not the one meant: the service read the month first. Formatting Errors at
/// the model call that wrote the argument, quoting the date the run had, the argument and the date the service read; the
/// model calls after the result work on what was booked, and are explained by it.
/// <para>
/// A declaration that names the order the model wrote (DD/MM/YYYY for a day-first date) is no slip of the model's:
/// that is a wrong declaration (<c>misdeclared-format</c>). A day above 12 reads one way only; a result that also gives
/// the meant date, or a meant date the run never held, is no finding.
/// </para>
/// </summary>
internal sealed partial class SwappedDateDetector : IDetector
{
    public const string DetectorId = "swapped-date";

    public string Id => DetectorId;

    public int Priority => 55;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    // A date the user writes with its weekday and slashes: "Fri 07/03", "Friday 7/3/2025".
    [GeneratedRegex(@"\b(?<wd>Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|nesday|urday|sday)?\.?,?\s+(?:the\s+)?(?<a>\d{1,2})/(?<b>\d{1,2})(?:/(?<y>\d{2}|\d{4}))?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WeekdayDate();

    [GeneratedRegex(@"\b(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2})\b", RegexOptions.CultureInvariant)]
    private static partial Regex Iso();

    public IEnumerable<Finding> Detect(DetectionContext context) => Echoed(context).Concat(Weekday(context)).Concat(Transposed(context)).Take(1);

    /// <summary>
    /// A model call sends an ISO date (<c>"collection_date": "2024-12-07"</c>) whose day and month are the month and day of
    /// a date the run held before it (<c>"collection_date": "2024-07-12"</c>, sent to an earlier tool, or given by a tool
    /// or the user), while the date it sent was given by no one: the call swapped the two fields of the date it meant.
    /// Formatting Errors at that call, quoting both dates.
    /// </summary>
    private IEnumerable<Finding> Transposed(DetectionContext context)
    {
        foreach (var call in context.CallsInOrder)
        {
            if (call.Arguments is not { } args || call.RequestedBy is not { } chooser || !args.Text.Contains('-', StringComparison.Ordinal)) continue;
            if (args.Json is not { ValueKind: JsonValueKind.Object } sent) continue;
            foreach (var p in sent.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.String || Iso().Match(p.Value.GetString()!) is not { Success: true, Index: 0 } date) continue;
                int m = int.Parse(date.Groups["m"].ValueSpan, CultureInfo.InvariantCulture), d = int.Parse(date.Groups["d"].ValueSpan, CultureInfo.InvariantCulture);
                if (m is < 1 or > 12 || d is < 1 or > 12 || m == d) continue;
                var meant = $"{date.Groups["y"].Value}-{d:00}-{m:00}";
                if (Given(context, call, chooser, date.Value) is not null || Given(context, call, chooser, meant) is not { } held) continue;
                var written = JsonProperties.Quote(args.Text, p);
                yield return context.CreateFinding(this, chooser.Span, "Formatting Errors",
                    $"The run had the date {meant}, and {chooser.Span.Name} sent {call.Name} {written}: the same date with its month and day swapped, a date nothing before it gave.",
                    [held, new Evidence(args.Span.SpanId, args.Source, written)], 0.7)
                    with { Basis = AttributionBasis.UngroundedContent, Explains = context.ModelCallsAfter(chooser.Span).Select(g => g.Span.SpanId).ToArray() };
                yield break;
            }
        }
    }

    // Where a date was given before the call: in the arguments of an earlier call, in a tool result or a message the
    // choosing call had been given, or in what the user said.
    private static Evidence? Given(DetectionContext context, ToolCall call, GenAiSpan chooser, string iso)
    {
        foreach (var c in context.CallsInOrder)
        {
            if (c == call) break;
            if (c.Arguments is { } earlier && earlier.Text.Contains(iso, StringComparison.Ordinal)) return new Evidence(earlier.Span.SpanId, earlier.Source, iso);
        }

        if (Held(context, call, chooser, iso) is { } held) return held;
        foreach (var m in chooser.InputMessages)
        {
            foreach (var part in m.Parts)
            {
                if (part.Body.Contains(iso, StringComparison.Ordinal)) return new Evidence(chooser.Span.SpanId, part.Source, iso);
            }
        }

        return null;
    }

    /// <summary>
    /// The user writes a date with its weekday ("Fri 07/03"), and a model call sends it in ISO form read the other way
    /// (<c>"2025-07-03"</c>, a Thursday), where the other reading (7 March 2025) is the Friday the user named: Formatting
    /// Errors at that call, quoting the user's date and the argument.
    /// </summary>
    private IEnumerable<Finding> Weekday(DetectionContext context)
    {
        foreach (var call in context.CallsInOrder)
        {
            if (call.Arguments is not { } args || call.RequestedBy is not { } chooser || !args.Text.Contains('-', StringComparison.Ordinal)) continue;
            foreach (var (_, part) in UserMessages.Parts(chooser))
            {
                foreach (Match said in WeekdayDate().Matches(part.Content!))
                {
                    int a = int.Parse(said.Groups["a"].ValueSpan, CultureInfo.InvariantCulture), b = int.Parse(said.Groups["b"].ValueSpan, CultureInfo.InvariantCulture);
                    if (a is < 1 or > 12 || b is < 1 or > 12 || a == b) continue;
                    var named = Day(said.Groups["wd"].Value);
                    foreach (Match sent in Iso().Matches(args.Text))
                    {
                        var y = int.Parse(sent.Groups["y"].ValueSpan, CultureInfo.InvariantCulture);
                        int m = int.Parse(sent.Groups["m"].ValueSpan, CultureInfo.InvariantCulture), d = int.Parse(sent.Groups["d"].ValueSpan, CultureInfo.InvariantCulture);
                        // The date sent is one reading of the user's, the other reading is the weekday the user named, and it is not.
                        if (!((m == a && d == b) || (m == b && d == a)) || !DateOnly.TryParse($"{y:0000}-{m:00}-{d:00}", CultureInfo.InvariantCulture, out var sentDate)) continue;
                        var other = new DateOnly(y, d, m);
                        if (sentDate.DayOfWeek == named || other.DayOfWeek != named) continue;
                        yield return context.CreateFinding(this, chooser.Span, "Formatting Errors",
                            $"The user asked for {said.Value} (a {named}: {other.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}), and {chooser.Span.Name} sent {call.Name} {sent.Value}, the other reading of the date, a {sentDate.DayOfWeek}.",
                            [new Evidence(chooser.Span.SpanId, part.Source, said.Value), new Evidence(args.Span.SpanId, args.Source, sent.Value)], 0.7)
                            with { Basis = AttributionBasis.UngroundedContent, Explains = context.ModelCallsAfter(chooser.Span).Select(g => g.Span.SpanId).ToArray() };
                        yield break;
                    }
                }
            }
        }
    }

    private static DayOfWeek Day(string abbreviation) => abbreviation.ToLowerInvariant()[..2] switch
    {
        "mo" => DayOfWeek.Monday, "tu" => DayOfWeek.Tuesday, "we" => DayOfWeek.Wednesday, "th" => DayOfWeek.Thursday,
        "fr" => DayOfWeek.Friday, "sa" => DayOfWeek.Saturday, _ => DayOfWeek.Sunday,
    };

    private IEnumerable<Finding> Echoed(DetectionContext context)
    {
        var view = context.View;
        foreach (var call in context.CallsInOrder)
        {
            if (call.Arguments is not { } args || call.Results.Count == 0 || call.Error is not null || call.RequestedBy is not { } chooser) continue;
            if (!args.Text.Contains('/', StringComparison.Ordinal) || args.Json is not { ValueKind: JsonValueKind.Object } sent) continue;
            foreach (var p in sent.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.String || MisdeclaredFormatDetector.SlashDate().Match(p.Value.GetString()!) is not { Success: true } written) continue;
                int a = int.Parse(written.Groups["a"].ValueSpan, CultureInfo.InvariantCulture), b = int.Parse(written.Groups["b"].ValueSpan, CultureInfo.InvariantCulture);
                if (a is < 1 or > 12 || b is < 1 or > 12 || a == b) continue;
                var year = written.Groups["y"].Value;
                var dayFirst = $"{year}-{b:00}-{a:00}";
                var monthFirst = $"{year}-{a:00}-{b:00}";
                var result = call.Results[0];
                var inResult = result.Text.Contains(dayFirst, StringComparison.Ordinal);
                if (inResult == result.Text.Contains(monthFirst, StringComparison.Ordinal)) continue;
                // The service read one of the two; the run must have held the other before the call, unambiguously.
                var (read, meant) = inResult ? (dayFirst, monthFirst) : (monthFirst, dayFirst);
                if (Held(context, call, chooser, meant) is not { } held) continue;
                if (Declared(view, call, p.Name) is { } order && order.StartsWith("DD", StringComparison.OrdinalIgnoreCase) == (meant == dayFirst)) continue;
                yield return context.CreateFinding(this, chooser.Span, "Formatting Errors",
                    $"The run had the date {meant}, {chooser.Span.Name} sent {call.Name} {p.Name} as {written.Value}, which reads both ways, and the service read it as {read}.",
                    [held, new Evidence(args.Span.SpanId, args.Source, written.Value), new Evidence(result.Span.SpanId, result.Source, read)], 0.7)
                    with { Basis = AttributionBasis.Inference, Explains = context.ModelCallsAfter(result.Span).Select(g => g.Span.SpanId).ToArray() };
                yield break;
            }
        }
    }

    // The meant date, in ISO form, in a tool's result the model call that sent it had been given (in its own input, or in an
    // earlier span), or in what the user said to that call.
    private static Evidence? Held(DetectionContext context, ToolCall call, GenAiSpan chooser, string iso)
    {
        var view = context.View;
        var rank = view.Rank(chooser.Span);
        foreach (var c in context.CallsInOrder)
        {
            if (c == call) continue;
            foreach (var r in c.Results)
            {
                if (view.Rank(r.Span) <= rank && r.Text.Contains(iso, StringComparison.Ordinal)) return new Evidence(r.Span.SpanId, r.Source, iso);
            }
        }

        foreach (var (_, part) in UserMessages.Parts(chooser))
        {
            if (part.Content!.Contains(iso, StringComparison.Ordinal)) return new Evidence(chooser.Span.SpanId, part.Source, iso);
        }

        return null;
    }

    // The order a declaration gives the parameter, where it names one.
    private static string? Declared(TraceView view, ToolCall call, string parameter)
    {
        if (ToolDeclarations.DeclaringSpan(view, call) is not { } declaring || ToolDeclarations.Definition(declaring, call.Name) is not { } definition) return null;
        var described = definition.ParameterRules.TryGetValue(parameter, out var rule) && rule.Description is { } own ? own : definition.Description;
        return described is not null && MisdeclaredFormatDetector.DeclaredOrder().Match(described) is { Success: true } m ? m.Value : null;
    }
}
