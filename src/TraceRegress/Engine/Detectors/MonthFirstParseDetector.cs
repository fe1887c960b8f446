using System.Text.RegularExpressions;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// A conversation's data writes its dates day first ("13/01/2024", "31/03/2023": the first field runs past 12, the
/// second never does), and a step's code parses them the default way, month first: <c>pd.to_datetime(df['joined'])</c>
/// or with <c>format='mixed'</c>, <c>read_csv(..., parse_dates=[...])</c>, <c>dateutil.parser.parse(s)</c>, none with
/// <c>dayfirst=True</c> or a format that puts <c>%d</c> before <c>%m</c>. Every date whose day is 12 or less then lands in
/// the wrong month, silently, and every count or figure by month stands on that. Tool Output Misinterpretation at the
/// first such step whose run succeeded (a run that failed on "13/01/2024" produced nothing), quoting its call and a
/// day-first date the data showed before it.
/// </summary>
internal sealed partial class MonthFirstParseDetector : IDetector
{
    public const string DetectorId = "month-first-parse";

    // A date of three numeric fields set apart by one separator: 13/01/2024, 05.03.23.
    [GeneratedRegex(@"(?<![\d/.\-])(?<a>\d{1,2})(?<s>[/.\-])(?<b>\d{1,2})\k<s>(?:\d{4}|\d{2})(?![\d/.\-]|\.\d)", RegexOptions.CultureInvariant)]
    private static partial Regex NumericDate();

    // A call that turns text into dates with a month-first default.
    [GeneratedRegex(@"\b(?:to_datetime|parser\.parse|dateutil\.parser\.parse|read_csv|read_excel)\s*\(", RegexOptions.CultureInvariant)]
    private static partial Regex DateCall();

    [GeneratedRegex(@"\bdayfirst\s*=\s*True\b", RegexOptions.CultureInvariant)]
    private static partial Regex DayFirst();

    // A format string, its directives in order.
    [GeneratedRegex(@"format\s*=\s*(?<q>['""])(?<f>[^'""]*)\k<q>", RegexOptions.CultureInvariant)]
    private static partial Regex Format();

    [GeneratedRegex(@"Traceback \(most recent call last\)|exitcode:\s*[1-9]|\bError:", RegexOptions.CultureInvariant)]
    private static partial Regex Failed();

    [GeneratedRegex(@"\b(?:months?|monthly|weeks?|weekly|days?|daily|dates?|quarters?|January|February|March|April|May|June|July|August|September|October|November|December)\b", RegexOptions.CultureInvariant)]
    private static partial Regex ByDate();

    /// <summary>True when a task asks for something by month, week, day or date ("In which month of 2024 ...").</summary>
    public static bool AsksByDate(string task) => ByDate().IsMatch(task);

    public string Id => DetectorId;

    public int Priority => 53;

    public DetectorStanding Standing => DetectorStanding.ContentInference;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var turns = context.Turns;
        if (!turns.IsMultiAgent) yield break;
        string? dayFirst = null;
        AgentTurn? shown = null;
        var monthFirst = false;
        foreach (var turn in turns.All)
        {
            if (turn.IsObservation || turn.IsExecutionOutput)
            {
                foreach (Match d in NumericDate().Matches(turn.Text))
                {
                    int a = int.Parse(d.Groups["a"].Value), b = int.Parse(d.Groups["b"].Value);
                    if (a > 12 && a <= 31 && b is >= 1 and <= 12 && dayFirst is null) (dayFirst, shown) = (d.Value, turn);
                    else if (b > 12 && b <= 31 && a is >= 1 and <= 12) monthFirst = true;
                }

                continue;
            }

            // The data must have shown its order before the step parsed it, and never the other order.
            if (dayFirst is null || shown is null || monthFirst || ReferenceEquals(turn, turns.TaskTurn)) continue;
            if (MonthFirstCall(turn.Text) is not { } call) continue;
            if (RunOf(turns, turn) is not { } run || Failed().IsMatch(run.Text)) continue;
            yield return context.CreateFinding(this, turn.Span, "Tool Output Misinterpretation",
                $"The data writes its dates day first (\"{dayFirst}\"), and {turn.Agent ?? "a step"} parsed them month first ({call}, without dayfirst=True): every date whose day is 12 or less fell in the wrong month.",
                [new Evidence(turn.Span.SpanId, turn.Source, call), new Evidence(shown.Span.SpanId, shown.Source, dayFirst)],
                0.65) with { Basis = AttributionBasis.UngroundedContent };
            yield break;
        }
    }

    // The first call in the turn's code that parses dates month first: the call's text, up to its closing parenthesis.
    private static string? MonthFirstCall(string text)
    {
        foreach (Match block in AgentTurns.CodeBlock().Matches(text))
        {
            var code = block.Groups["code"].Value;
            foreach (Match m in DateCall().Matches(code))
            {
                var call = Call(code, m.Index, m.Index + m.Length);
                // Reading a file parses no date unless asked to.
                if (m.Value.StartsWith("read_", StringComparison.Ordinal) && !call.Contains("parse_dates", StringComparison.Ordinal)) continue;
                if (DayFirst().IsMatch(call)) continue;
                if (Format().Match(call) is { Success: true } f)
                {
                    var form = f.Groups["f"].Value;
                    int d = form.IndexOf("%d", StringComparison.Ordinal), mo = form.IndexOf("%m", StringComparison.Ordinal);
                    // An explicit day-first format, or one with no numeric month at all ("ISO8601", "%Y-%m-%d" reads
                    // year first and cannot be taken for another order).
                    if ((d >= 0 && mo >= 0 && d < mo) || form.StartsWith("%Y", StringComparison.Ordinal) || (form.Length > 0 && !form.Contains('%') && form != "mixed")) continue;
                }

                return call;
            }
        }

        return null;
    }

    // From the call's name to its matching closing parenthesis (or, past 400 characters, the line's end).
    private static string Call(string code, int start, int open)
    {
        var depth = 1;
        for (var i = open; i < code.Length && i < open + 400; i++)
        {
            if (code[i] == '(') depth++;
            else if (code[i] == ')' && --depth == 0) return code[start..(i + 1)];
        }

        var end = code.IndexOf('\n', start);
        return (end < 0 ? code[start..] : code[start..end]).TrimEnd();
    }

    // The run of the turn's code: the next execution output whose author it is.
    private static AgentTurn? RunOf(AgentTurns turns, AgentTurn author)
    {
        for (var i = author.Position + 1; i < turns.All.Count; i++)
        {
            var t = turns.All[i];
            if (!t.IsExecutionOutput) continue;
            return ReferenceEquals(turns.CodeAuthor(t), author) ? t : null;
        }

        return null;
    }
}
