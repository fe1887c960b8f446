using System.Text.RegularExpressions;
using TraceRegress.Engine.Text;
using TraceRegress.GenAi;
using TraceRegress.Model;

namespace TraceRegress.Engine.Detectors;

/// <summary>
/// Facts in an agent turn's output (numbers with their units and scales, dates, identifiers, URLs, quoted names) that
/// appear nowhere upstream in any equivalent form and cannot be computed from upstream numbers: Language-only
/// hallucination. Every turn is judged, whatever its operation (model calls, <c>invoke_agent</c> turns, chains,
/// generations); tool and code-execution outputs are not judged, they are where facts legitimately come from. A turn
/// that says it searched, retrieved or checked something when no tool result exists upstream is a Tool-related
/// hallucination. A value that is a near copy of one in a tool result the turn was handed (the same digits with the decimal
/// point moved, two digits swapped, a date one field off, an id one character off) was misread, not invented: Tool Output
/// Misinterpretation. Reads the shared <see cref="FactIndex"/>, so each distinct text is scanned once per trace.
/// </summary>
internal sealed partial class UnsupportedFactDetector : IDetector
{
    [GeneratedRegex(@"\b(?:according to|based on|per|from) (?:the |my |our )?(?:\w+ ){0,2}?(?:search(?:es)?|tool|api|lookup|query|database|results?|records?)\b|\b(?:the )?(?:search|tool|api|lookup|query|database)(?: results?| call| output)? (?:shows?|showed|returned|says|said|indicates?|confirm(?:s|ed)?|found|reports?)\b|\bI(?:'ve| have)?(?: just| already| now)? (?:searched|looked (?:it )?up|looked into|checked|double-checked|verified|confirmed|ran|queried|called|fetched|retrieved|consulted|pulled up)\b|\bI can (?:confirm|verify)\b|(?<=(?:^|[.:;!?\n]|\\n)[ \t]*)(?:re-?ran|ran|executed)\b(?= (?:the|all|every|our|each)\b)|\b(?:after|upon) (?:checking|searching|looking (?:it )?up|verifying|querying|consulting) (?:the |our |your |my )?\w+|\b(?:our|the) (?:system|records|inventory|database|booking system|reservation system|order system)s? (?:shows?|showed|says|indicates?|confirms?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ToolClaim();

    // A verb that moves something in time, then "by", right before the number: "shift the ceremony ... by 90 minutes".
    [GeneratedRegex(@"\b(?:shift|move|push|delay|postpone|bring|pull)(?:s|ed|ing)?\b[^.\n]{0,60}\bby\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ShiftBefore();

    // A value given to a setting of how a program runs: a keyword argument or assignment named for one (timeout=30,
    // max_retries=4, per_page=32), a pause (time.sleep(3)), how many rows to show (df.head(12), nlargest(5)) or how many
    // decimals to keep (round(x, 2)), right before the number.
    [GeneratedRegex(@"(?:\b(?:timeout|(?:max_)?retries|tries|attempts|backoff(?:_factor)?|delay|wait|interval|per_page|page_size|chunk_?size|batch_size|(?:max_)?workers|n_jobs|indent|width|precision|decimals|ndigits|seed|random_state|verbose|max_rows|max_columns|max_colwidth|port)\s*[=:]\s*|\bsleep\(\s*(?:\d+\s*\*\s*\(?\s*)?|\.(?:head|tail|sample|nlargest|nsmallest)\(\s*(?:n\s*=\s*)?|\bround\([^()\n]{1,40},\s*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SettingBefore();

    /// <summary>True when the number at the index is, inside a code block, the value of a program setting (<see cref="SettingBefore"/>).</summary>
    internal static bool CodeSetting(string text, int index) =>
        index > 0 && AnswerTrail.InCode(text, index) && SettingBefore().IsMatch(text.AsSpan(Math.Max(0, index - 40), Math.Min(index, 40)));

    // A percentage's scale in a formula: "× 100", "* 100", "100 *".
    [GeneratedRegex(@"[×*·]\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex TimesBefore();

    [GeneratedRegex(@"^\s*[×*·]", RegexOptions.CultureInvariant)]
    private static partial Regex TimesAfter();

    /// <summary>
    /// True when the number at the index is 100 multiplied in a formula ("alive / autumn × 100", "pct = x * 100"): the
    /// scale of a percentage, which states nothing about the world.
    /// </summary>
    internal static bool PercentScale(string text, int index)
    {
        if (index < 0 || index + 3 > text.Length || string.CompareOrdinal(text, index, "100", 0, 3) != 0) return false;
        if (index + 3 < text.Length && (char.IsDigit(text[index + 3]) || text[index + 3] is '.' or ',' && index + 4 < text.Length && char.IsDigit(text[index + 4]))) return false;
        if (index > 0 && (char.IsDigit(text[index - 1]) || text[index - 1] is '.' or ',')) return false;
        return TimesBefore().IsMatch(text.AsSpan(Math.Max(0, index - 3), Math.Min(index, 3))) || TimesAfter().IsMatch(text.AsSpan(index + 3, Math.Min(3, text.Length - index - 3)));
    }

    public string Id => "unsupported-fact";

    public int Priority => 80;

    public IEnumerable<Finding> Detect(DetectionContext context)
    {
        var view = context.View;
        var facts = context.Facts;
        var turns = context.Turns;
        var firstToolResult = FirstToolResultRank(view, turns);
        Dictionary<Span, List<ToolCall>>? answering = null;
        var findings = new List<Finding>();
        foreach (var turn in turns.All)
        {
            // An observation is where facts come from; a conversation's opening message is the task itself.
            if (turn.IsObservation || ReferenceEquals(turn, turns.TaskTurn)) continue;
            var g = turn.G;
            // A turn with nothing upstream of it at all (no input recorded, nothing before it) cannot be judged.
            if (!HasInputText(facts, turn.Span) && !facts.HasUpstream(turn.Span)) continue;

            var sources = OutputSources(g, turn);
            var unsupported = new List<StatedFact>();
            var hasCode = turn.Text.Contains("```", StringComparison.Ordinal);
            foreach (var stated in facts.StatedBy(turn.Span))
            {
                if (stated.Supported || !sources.Contains(stated.Source)) continue;
                // A plan's educated guesses are hypotheses to check, not statements of fact.
                if (stated.Source == turn.Source && Guesses.Within(turn.Text, stated.Fact.Index)) continue;
                // A page or title an instruction sends someone to look at ("open https://...") is a place to look.
                if (stated.Source == turn.Source && (stated.Fact.Kind is FactKind.Url or FactKind.Name ? LookupTargets.Within(turn.Text, stated.Fact.Index) : LookupTargets.InExample(turn.Text, stated.Fact.Index))) continue;
                // A search's query terms are what it looks for; a setting of the program (a timeout, a number of tries, a
                // pause) is how it runs.
                if (hasCode && stated.Source == turn.Source && (AgentTurns.InLookupQuery(turn.Text, stated.Fact.Index) || CodeSetting(turn.Text, stated.Fact.Index))) continue;
                // "I'll shift the ceremony by 90 minutes": the size of a move the turn decides, not a claim about the world.
                if (stated.Source == turn.Source && stated.Fact.Dimension is "min" or "h" or "d" && ShiftBefore().IsMatch(turn.Text.AsSpan(Math.Max(0, stated.Fact.Index - 80), Math.Min(stated.Fact.Index, 80)))) continue;
                // "× 100" turns a share into a percentage.
                if (stated.Source == turn.Source && PercentScale(turn.Text, stated.Fact.Index)) continue;
                // A model's score of its own answer ("confidence": 0.88) states nothing about the world.
                if (SelfAssessed(facts, turn.Span, stated)) continue;
                // Where a search looks ("date_to": "2025-10-17" beside "date_from") is the model's choice, not a claim.
                if (stated.Fact.Kind == FactKind.Date && SearchWindowEnd(g, turn, stated)) continue;
                if (unsupported.Exists(u => u.Fact.Written == stated.Fact.Written || u.Fact.Key == stated.Fact.Key)) continue;
                unsupported.Add(stated);
            }

            var hasToolResult = firstToolResult <= view.Rank(turn.Span) || g.InputParts.Any(p => p.Kind == PartKind.ToolCallResponse);
            // A claimed tool result: the claim, then up to four of the turn's unsupported facts, as evidence.
            Finding ClaimedResult(Evidence claim, string summary, double confidence)
            {
                var evidence = new List<Evidence> { claim };
                evidence.AddRange(unsupported.Take(4).Select(u => new Evidence(turn.Span.SpanId, u.Source, u.Fact.Written)));
                return context.CreateFinding(this, turn.Span, "Tool-related hallucination", summary, evidence, unsupported.Count > 0 ? 0.8 : confidence)
                    with { Basis = AttributionBasis.UngroundedContent };
            }

            if (!hasToolResult && ToolClaimIn(g, turn) is { } claim)
            {
                findings.Add(ClaimedResult(claim.Evidence, $"{Who(turn)} cites a tool result (\"{claim.Claim}\") but no tool ran before it.", 0.65));
                continue;
            }

            // An action the turn says it took ("I've also texted Marcus") that only a declared tool it never called could take.
            if (UncalledAction(context, turn, unsupported) is { } action)
            {
                var evidence = new List<Evidence> { action.Evidence };
                evidence.AddRange(unsupported.Take(3).Select(u => new Evidence(turn.Span.SpanId, u.Source, u.Fact.Written)));
                findings.Add(context.CreateFinding(this, turn.Span, "Tool-related hallucination",
                    action.Tool.Length > 0
                        ? $"{Who(turn)} says it did something (\"{action.Claim}\") that only {action.Tool} could do, and {action.Tool} was never called."
                        : $"{Who(turn)} says it did something (\"{action.Claim}\") that none of its tools can do, and backs it with what nothing upstream states ({string.Join(", ", unsupported.Take(3).Select(u => u.Fact.Written))}).",
                    evidence, 0.75) with { Basis = AttributionBasis.UngroundedContent });
                continue;
            }

            if (NamedToolClaim(context, g, turn.Text, turn.Source) is { } named)
            {
                findings.Add(ClaimedResult(named.Evidence, $"{Who(turn)} says {named.Tool} gave a result (\"{named.Claim}\"), and {named.Tool} was never called.", 0.75));
                continue;
            }

            if (hasToolResult && UncalledToolClaim(context, turn) is { } uncalled)
            {
                findings.Add(ClaimedResult(uncalled.Evidence,
                    $"{Who(turn)} cites a tool result (\"{uncalled.Claim}\") that only {uncalled.Tool} could give, and {uncalled.Tool} was never called.", 0.7));
                continue;
            }

            if (unsupported.Count == 0) continue;
            if (Ungrounded(context, turn, unsupported, answering ??= CallsAnswering(view), Who(turn)) is { } ungrounded) findings.Add(ungrounded);
        }

        // A model call that only called tools is no turn, but what it wrote into their arguments for others to read (a pull
        // request's body, an e-mail) may claim a check that only a declared tool it never called could make.
        foreach (var g in view.Spans)
        {
            if (!g.IsModelCall || !g.OutputParts.Any(p => p.Kind == PartKind.ToolCall)) continue;
            var call = new AgentTurn(g, CitedSpan.AgentOf(g.Span), "", "output", -1);
            // A turn's own words were judged above; what it wrote into its calls' arguments is judged below.
            if (turns.TurnOf(g.Span) is not null)
            {
                if (Told(context, g, call, answering ??= CallsAnswering(view)) is { } inArguments) findings.Add(inArguments);
                continue;
            }

            if (g.OutputParts.FirstOrDefault(p => p.Kind == PartKind.Text && p.Content is { Length: > 0 }) is { } said
                && NamedToolClaim(context, g, said.Content!, said.Source) is { } named)
            {
                findings.Add(context.CreateFinding(this, g.Span, "Tool-related hallucination",
                    $"{g.Span.Name} says {named.Tool} gave a result (\"{named.Claim}\"), and {named.Tool} was never called.",
                    [named.Evidence], 0.75) with { Basis = AttributionBasis.UngroundedContent });
                continue;
            }

            if (UncalledToolClaim(context, call) is { } uncalled)
            {
                var tool = g.OutputParts.First(p => p.Kind == PartKind.ToolCall && p.Source == uncalled.Evidence.Source).Name;
                findings.Add(context.CreateFinding(this, g.Span, "Tool-related hallucination",
                    $"The model's call to {tool} says \"{uncalled.Evidence.Quote}\", a result only {uncalled.Tool} could give, and {uncalled.Tool} was never called.",
                    [uncalled.Evidence], 0.7) with { Basis = AttributionBasis.UngroundedContent });
                continue;
            }

            // What it wrote in words into a call's arguments (a quote's notes) is told to whoever reads them.
            if (Told(context, g, call, answering ??= CallsAnswering(view)) is { } told) findings.Add(told);
        }

        return findings;
    }

    // A key for the far end of a range ("date_to", "endDate", "until", "to") right before the value, and one for its
    // start ("date_from", "startDate", "from", "after") anywhere in the same arguments; a tool call's name.
    [GeneratedRegex(@"[""']?(?:\w*[_-])?(?:to|end|until|before|latest|through)(?:[_-]?date)?\\*[""']\s*:\s*\\*[""']?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RangeEndBefore();

    [GeneratedRegex(@"(?:^|[^\w])(?:\w*[_-])?(?:from|start|after|earliest|since)(?:[_-]?date)?\\*[""']\s*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RangeStart();

    // The near end of the window right before the value ("from": "2025-09-15"), and its far end anywhere beside it.
    [GeneratedRegex(@"[""']?(?:\w*[_-])?(?:from|start|after|earliest|since)(?:[_-]?date)?\\*[""']\s*:\s*\\*[""']?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RangeStartBefore();

    [GeneratedRegex(@"(?:^|[^\w])(?:\w*[_-])?(?:to|end|until|before|latest|through)(?:[_-]?date)?\\*[""']\s*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RangeEnd();

    [GeneratedRegex(@"[""']name\\*[""']\s*:\s*\\*[""'](?<name>[\w.-]+)", RegexOptions.CultureInvariant)]
    private static partial Regex CallName();

    /// <summary>
    /// True when the date is an end of the window a reading tool is asked to search (<c>check_availability</c> with
    /// <c>"date_from": "2025-10-06", "date_to": "2025-10-17"</c>; "next week" sent as <c>"from": "2025-09-15", "to":
    /// "2025-09-19"</c>): the model chose where to look, and claims nothing.
    /// An action's dates (a booking's end) are claims and are still judged.
    /// </summary>
    private static bool SearchWindowEnd(GenAiSpan g, AgentTurn turn, StatedFact stated)
    {
        string text;
        string? tool = null;
        if (stated.Source == turn.Source) text = turn.Text;
        else if (g.OutputParts.FirstOrDefault(p => p.Source == stated.Source && p.Kind == PartKind.ToolCall) is { Arguments: { } args } part) (text, tool) = (args, part.Name);
        else return false;
        var at = stated.Fact.Index;
        if (at <= 0 || at > text.Length) return false;
        var before = text.AsSpan(Math.Max(0, at - 40), Math.Min(at, 40));
        var end = RangeEndBefore().IsMatch(before);
        if (!end && !RangeStartBefore().IsMatch(before)) return false;
        // The arguments the date is in: from the last '{' before it to the first '}' after it, holding the window's other end.
        var open = text.LastIndexOf('{', at);
        var close = text.IndexOf('}', at);
        if (open < 0 || close < 0 || !(end ? RangeStart() : RangeEnd()).IsMatch(text.AsSpan(open, close - open))) return false;
        tool ??= CallName().Matches(text[..open]).LastOrDefault()?.Groups["name"].Value;
        return tool is not null && ToolNames.Reads(tool);
    }

    /// <summary>
    /// The turn states a value that is a near copy of one in a tool result it was handed: it misread the tool's output.
    /// The tool results a turn reads are the tool responses in its own input and the results of the calls that answer to
    /// it (a tool whose result went nowhere else is handed to the next model call).
    /// </summary>
    private Finding? Misread(DetectionContext context, AgentTurn turn, List<StatedFact> unsupported, List<(Span Span, string Source, string Text)> read)
    {
        foreach (var u in unsupported)
        {
            foreach (var (span, source, text) in read)
            {
                foreach (var fact in context.Facts.FactsOf(text))
                {
                    if (!NearCopy(u.Fact, fact)) continue;
                    return context.CreateFinding(this, turn.Span, "Tool Output Misinterpretation",
                        $"{Who(turn)} states {u.Fact.Written} where the tool result it read says {fact.Written}: it misread the tool's output.",
                        [new Evidence(turn.Span.SpanId, u.Source, u.Fact.Written), new Evidence(span.SpanId, source, fact.Written)], 0.75)
                        with { Basis = AttributionBasis.UngroundedContent };
                }
            }
        }

        return null;
    }

    /// <summary>The tool results a turn read: the tool responses in its own input and the results of the calls that answer to it.</summary>
    private static List<(Span Span, string Source, string Text)> ReadResults(AgentTurn turn, Dictionary<Span, List<ToolCall>> answering)
    {
        var read = new List<(Span Span, string Source, string Text)>();
        foreach (var part in turn.G.InputParts)
        {
            if (part.Kind == PartKind.ToolCallResponse && !string.IsNullOrEmpty(part.Content)) read.Add((turn.Span, part.Source, part.Content));
        }

        foreach (var call in answering.GetValueOrDefault(turn.Span) ?? [])
        {
            foreach (var result in call.Results)
            {
                if (!read.Exists(r => r.Text == result.Text)) read.Add((result.Span, result.Source, result.Text));
            }
        }

        return read;
    }

    // A JSON property's name right before its value: "made_width_mm": 1445.
    [GeneratedRegex(@"""(?<key>\w+)\\?""\s*:\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyBefore();

    /// <summary>
    /// True when a measure the turn states (144.5 cm) is a number of a tool's record it read in another unit of the same
    /// kind, the unit named by the record's key (<c>"made_width_mm": 1445</c>): the same length, converted.
    /// </summary>
    private static bool ConvertedFromRecord(DetectionContext context, Fact stated, List<(Span Span, string Source, string Text)> read)
    {
        if (stated.Kind != FactKind.Number || stated.Dimension.Length == 0) return false;
        var unit = RequestedUnitDetector.Canonical(stated.Dimension);
        var kind = RequestedUnitDetector.DimensionOf(unit);
        if (kind.Length == 0) return false;
        var measure = stated.Value * RequestedUnitDetector.Size(unit);
        foreach (var (_, _, text) in read)
        {
            foreach (var f in context.Facts.FactsOf(text))
            {
                if (f.Kind != FactKind.Number || f.Index < 2 || KeyBefore().Match(text, Math.Max(0, f.Index - 48), Math.Min(f.Index, 48)) is not { Success: true } key) continue;
                if (RecordUnitDetector.KeyUnit(key.Groups["key"].Value) is not { } keyUnit) continue;
                var other = RequestedUnitDetector.Canonical(keyUnit);
                if (other == unit || RequestedUnitDetector.DimensionOf(other) != kind) continue;
                if (decimal.Round(f.Value * RequestedUnitDetector.Size(other), 9) == decimal.Round(measure, 9)) return true;
            }
        }

        return false;
    }

    /// <summary>
    /// For each span, the tool calls whose results it was handed, in the index's order: those it received as tool
    /// responses, and those whose result went nowhere else, handed to the next model call after the tool ran.
    /// </summary>
    private static Dictionary<Span, List<ToolCall>> CallsAnswering(TraceView view)
    {
        var answering = new Dictionary<Span, List<ToolCall>>();
        foreach (var call in view.ToolCalls.Calls)
        {
            var reader = call.RespondedIn?.Span ?? (call.Execution?.Span is { } executed ? view.NextModelCallAfter(executed)?.Span : null);
            if (reader is null) continue;
            if (!answering.TryGetValue(reader, out var calls)) answering[reader] = calls = [];
            calls.Add(call);
        }

        return answering;
    }

    /// <summary>
    /// A stated value that differs from a source value the way a misreading does: a number with the same significant
    /// digits at another scale (1240.50 read as 12,405.00) or with two adjacent digits swapped, a date with one of year,
    /// month and day changed (or day and month swapped), an identifier with one character changed or two swapped.
    /// </summary>
    internal static bool NearCopy(Fact stated, Fact source)
    {
        if (stated.Kind != source.Kind || stated.Key == source.Key) return false;
        switch (stated.Kind)
        {
            case FactKind.Number:
                {
                    if (stated.Value == source.Value) return false;
                    var a = SignificantDigits(stated.Written);
                    var b = SignificantDigits(source.Written);
                    return (a.Length >= 3 && a == b) || (a.Length >= 2 && Swapped(a, b));
                }

            case FactKind.Date:
                {
                    var a = stated.Key.Split('-');
                    var b = source.Key.Split('-');
                    if (a.Length != 3 || b.Length != 3) return false;
                    var differ = 0;
                    for (var i = 0; i < 3; i++)
                    {
                        if (a[i] != b[i]) differ++;
                    }

                    return differ == 1 || (a[0] == b[0] && a[1] == b[2] && a[2] == b[1]);
                }

            case FactKind.Identifier:
                {
                    var a = stated.Key;
                    var b = source.Key;
                    if (a.Length != b.Length || a.Length < 6) return false;
                    var differ = 0;
                    for (var i = 0; i < a.Length; i++)
                    {
                        if (a[i] != b[i]) differ++;
                    }

                    return differ == 1 || Swapped(a, b);
                }

            default:
                return false;
        }
    }

    private static string SignificantDigits(string written)
    {
        var digits = new System.Text.StringBuilder(written.Length);
        foreach (var c in written)
        {
            if (char.IsAsciiDigit(c)) digits.Append(c);
        }

        return digits.ToString().TrimStart('0').TrimEnd('0');
    }

    /// <summary>Equal but for two adjacent characters swapped.</summary>
    private static bool Swapped(string a, string b)
    {
        if (a.Length != b.Length || a == b) return false;
        var first = -1;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] == b[i]) continue;
            if (first >= 0) return i == first + 1 && a[first] == b[i] && a[i] == b[first] && a[(i + 1)..] == b[(i + 1)..];
            first = i;
        }

        return false;
    }

    /// <summary>
    /// A turn that says it checked something (<c>I checked the inventory</c>, <c>our records show</c>) that only a tool it
    /// was given and never called could tell it: a declared tool whose name names what the claim names
    /// (<c>check_inventory</c>) ran nowhere before the turn, and no tool that did run names it. Other tools' results
    /// upstream do not make the claim true.
    /// </summary>
    // A tool named as having given a result: "get_supplier_lead_time returned 8 business days", "lookup_order shows ...".
    [GeneratedRegex(@"\b(?<tool>[A-Za-z][A-Za-z0-9]*(?:[_\-.][A-Za-z0-9]+)+|[a-z]+(?:[A-Z][a-z0-9]+)+)`?\s+(?:has\s+|had\s+|just\s+)?(?:returned|returns|shows|showed|says|said|reported|reports|confirmed|confirms|gave|gives|came back with|responded with)\b", RegexOptions.CultureInvariant)]
    private static partial Regex NamedToolResult();

    private static readonly System.Buffers.SearchValues<string> ResultVerbs = System.Buffers.SearchValues.Create(
        ["returned", "returns", "shows", "showed", "says", "said", "reported", "reports", "confirmed", "confirms", "gave", "gives", "came back", "responded"],
        StringComparison.Ordinal);

    /// <summary>
    /// The text names an offered tool as having given a result ("get_supplier_lead_time returned 8 business days") and no
    /// call of that tool ran before it: the result came from no tool. Null otherwise.
    /// </summary>
    private static (Evidence Evidence, string Claim, string Tool)? NamedToolClaim(DetectionContext context, GenAiSpan g, string text, string source)
    {
        // Only a text that says a result came back can claim one: read the pattern only there.
        if (text.Length == 0 || text.AsSpan().IndexOfAny(ResultVerbs) < 0) return null;
        var view = context.View;
        HashSet<string>? offered = null;
        var rank = view.Rank(g.Span);
        for (var m = NamedToolResult().Match(text); m.Success; m = m.NextMatch())
        {
            var tool = m.Groups["tool"].Value;
            offered ??= new HashSet<string>(ToolDeclarations.Offered(view, g), StringComparer.Ordinal);
            if (!offered.Contains(tool)) continue;
            // Called before, or in the same turn (its result is on its way): no claim of a result from nowhere.
            if (view.ToolCalls.Calls.Any(c => c.Name == tool && (c.RequestedBy?.Span ?? c.Execution?.Span) is { } at && view.Rank(at) <= rank)) continue;
            return (new Evidence(g.Span.SpanId, source, Requests.Sentence(text, m.Index)), m.Value, tool);
        }

        return null;
    }

    private static (Evidence Evidence, string Claim, string Tool)? UncalledToolClaim(DetectionContext context, AgentTurn turn)
    {
        var g = turn.G;
        if (!g.ToolDefinitionsKnown || g.ToolDefinitions.Count == 0 || ToolClaimIn(g, turn) is not { } claim) return null;
        var text = claim.Evidence.Quote;
        var at = text.IndexOf(claim.Claim, StringComparison.Ordinal);
        if (at < 0) return null;
        // What the claim is about: its own words and the few after it ("checked the inventory at ...").
        var about = new HashSet<string>(StringComparer.Ordinal);
        var after = text[at..];
        var taken = 0;
        foreach (var word in Facts.Words(after))
        {
            if (word.Length >= 4 && !ClaimWords.Contains(word)) about.Add(Stem(word));
            if (++taken >= claim.Claim.Split(' ').Length + 4) break;
        }

        if (about.Count == 0) return null;
        var rank = context.View.Rank(turn.Span);
        var ran = new HashSet<string>(StringComparer.Ordinal);
        foreach (var call in context.View.ToolCalls.Calls)
        {
            var span = call.Execution?.Span ?? call.RequestedBy?.Span;
            if (span is not null && context.View.Rank(span) < rank && call.Name.Length > 0) ran.Add(call.Name);
        }

        foreach (var name in ran)
        {
            if (NameWords(name).Any(about.Contains)) return null;
        }

        foreach (var tool in g.ToolDefinitions)
        {
            if (ran.Contains(tool.Name)) continue;
            if (NameWords(tool.Name).FirstOrDefault(about.Contains) is not null) return (claim.Evidence, claim.Claim, tool.Name);
        }

        return null;
    }

    [GeneratedRegex(@"\b(?:I|[Ww]e)(?:'ve|’ve| have)?(?: just| also| already| now| then)? (?<verb>reduced|lowered|discounted|repriced|texted|sent|emailed|e-mailed|messaged|notified|booked|cancell?ed|refunded|scheduled|rescheduled|submitted|filed|reset|forwarded|escalated|paid|ordered|reserved|extended|renewed|upgraded|downgraded|transferred|credited|waived|unlocked|enrolled|registered|subscribed|unsubscribed|activated|deactivated|reactivated|redeemed|listed|published|posted|added|applied|updated|changed|removed|deleted|created|placed|logged|raised|issued|moved)\b", RegexOptions.CultureInvariant)]
    private static partial Regex ActionClaim();

    // The same claim made of the thing acted on: "Your refill has been sent", "the appointment has now been booked",
    // "Order PS-20931 has been placed" (a sentence that opens with the thing and its reference).
    [GeneratedRegex(@"(?:\b(?:your|the|this|that) (?:[a-z]+ )?(?<object>[a-z]{4,})\b[^.!?\n]{0,120}?|(?<=^|[.!?:]\s|\n)(?<object>[A-Z][a-z]{3,}) #?[A-Z0-9][A-Z0-9-]{2,}) (?:has|have|is|was|are|were) (?:just |now |already |also )?(?:been )?(?<verb>sent|submitted|placed|booked|reserved|scheduled|rescheduled|moved|confirmed|cancell?ed|refunded|filed|forwarded|escalated|paid|ordered|texted|emailed|created|requested|processed|listed|published|posted)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PassiveActionClaim();


    // What a tool must be named for to do what a verb says: texted → a tool named for SMS or text messages.
    // A claim written as a headline, at the start of a sentence or line: "Cooler swap booked for the same delivery",
    // "Refund submitted.", "- Collection scheduled for Friday", "Miso - dental check moved to Thu 12 Jun".
    [GeneratedRegex(@"(?<=^|[.!?:]\s|\n)(?:[-*•]\s*)?(?:[A-Z][a-z]+ (?:[-–:] )?)?(?:[a-z]{3,} )?(?<object>[a-z]{4,}) (?<verb>booked|scheduled|rescheduled|moved|placed|cancell?ed|submitted|requested|arranged|ordered|reserved|refunded)\b", RegexOptions.CultureInvariant)]
    private static partial Regex HeadlineActionClaim();

    // A thing said to happen at a new time from now on: "will now arrive on", "will now be delivered on", "now takes place on".
    [GeneratedRegex(@"\b(?:will now|now will|is now due to|will instead) (?<verb>arrive|be delivered|be collected|be fitted|be installed|take place|go ahead|start)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NowHappens();

    // The claim made of the user: "you're booked", "you are all registered", "you've been enrolled".
    [GeneratedRegex(@"\byou(?:'re|’re| are|'ve been|’ve been| have been)(?: now| all| now all)? (?<verb>booked|registered|enrolled|scheduled|reserved|subscribed)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex YouActionClaimPattern();

    private static string[] ToolsFor(string verb) => verb switch
    {
        "texted" => ["sms", "text"],
        "sent" => ["send", "sms", "mail", "message", "notify"],
        "emailed" or "e-mailed" => ["email", "mail"],
        "messaged" => ["message", "sms", "chat", "slack"],
        "notified" => ["notify", "notification", "alert"],
        "booked" or "reserved" => ["book", "reserve"],
        "cancelled" or "canceled" => ["cancel"],
        "refunded" => ["refund"],
        "scheduled" => ["schedule", "book"],
        "submitted" => ["submit"],
        "filed" => ["file", "ticket"],
        "reset" => ["reset"],
        "forwarded" => ["forward"],
        "escalated" => ["escalat"],
        "paid" => ["pay"],
        "ordered" => ["order"],
        "transferred" => ["transfer"],
        "added" => ["add"],
        "arrive" or "be delivered" or "be collected" or "be fitted" or "be installed" or "take place" or "go ahead" or "start" => ["reschedul", "rebook", "move", "rearrang"],
        "applied" => ["apply"],
        "deleted" => ["delete", "remove"],
        "removed" => ["remove", "delete"],
        "placed" => ["place", "order"],
        "logged" => ["log", "record"],
        "raised" => ["raise", "ticket", "create"],
        "issued" => ["issue"],
        "moved" => ["move", "reschedule"],
        "reduced" or "lowered" or "discounted" or "repriced" => ["price", "discount", "reduce"],
        _ => Root(verb) is { Length: >= 4 } root ? [root] : [],
    };

    // The verb a past form is made from, as a tool's name would hold it: extended → extend, renewed → renew, upgraded → upgrad.
    private static string Root(string verb) => verb.EndsWith("ed", StringComparison.Ordinal) ? verb[..^2] : verb;

    /// <summary>
    /// A turn that says it took an action (<c>I've also texted Marcus Hale</c>, <c>I refunded the charge</c>) that a tool it
    /// was given would have to take (<c>send_sms</c>, <c>issue_refund</c>), when no tool named for that action ran before it.
    /// </summary>
    /// <summary>
    /// An action the turn says it took that only a declared tool it never called could take (Tool the tool), or that none of
    /// the tools it was given can take at all, backed in the claim's own sentence by a fact nothing upstream states (an
    /// invented reference: Tool empty).
    /// </summary>
    private static (Evidence Evidence, string Claim, string Tool)? UncalledAction(DetectionContext context, AgentTurn turn, List<StatedFact> unsupported)
    {
        if (turn.Text.Length == 0) return null;
        // Each claim the turn makes in its own voice ("We've sent the payout ... we've also reduced the prices"), in turn.
        var claims = ActionClaim().Matches(turn.Text);
        foreach (Match claim in claims)
        {
            if (UncalledAction(context, turn, unsupported, claim, null) is { } found) return found;
        }

        // A thing said to happen at a new time from now on ("Your Nordmann fir will now arrive on Thursday 11 December"),
        // beside a detail nothing upstream gives (a new delivery reference): a move a declared tool would have made.
        foreach (Match moved in NowHappens().Matches(turn.Text))
        {
            var sentence = Requests.Sentence(turn.Text, moved.Index);
            var start = turn.Text.IndexOf(sentence, StringComparison.Ordinal);
            if (start < 0 || !unsupported.Exists(u => u.Source == turn.Source && u.Fact.Index >= start && u.Fact.Index < start + sentence.Length)) continue;
            if (UncalledAction(context, turn, unsupported, moved, null) is { Tool.Length: > 0 } found) return found;
        }

        if (claims.Count > 0) return null;
        // A passive claim names the thing acted on: a tool that acts on it (SubmitRefill for "your refill") does it.
        var m = PassiveActionClaim().Match(turn.Text);
        if (!m.Success) m = HeadlineActionClaim().Match(turn.Text);
        if (m.Success) return UncalledAction(context, turn, unsupported, m, m.Groups["object"].Value);
        // Said of the user: "you're booked", "you've been registered".
        return (m = YouActionClaimPattern().Match(turn.Text)).Success ? UncalledAction(context, turn, unsupported, m, null) : null;
    }

    private static (Evidence Evidence, string Claim, string Tool)? UncalledAction(DetectionContext context, AgentTurn turn, List<StatedFact> unsupported, Match m, string? acted)
    {
        var g = turn.G;
        var stems = ToolsFor(m.Groups["verb"].Value.ToLowerInvariant());
        if (stems.Length == 0 && acted is null) return null;
        // "Added" is done by a tool whose name opens with the verb (AddEquipment, add_extra), not one that holds the letters (address_lookup).
        var added = m.Groups["verb"].Value == "added";
        bool Does(string tool) =>
            ((added ? ToolNames.Verb(tool) == "add" : Array.Exists(stems, s => tool.Contains(s, StringComparison.OrdinalIgnoreCase))) && !ToolNames.OpensWithReading(tool))
            || (acted is not null && tool.Contains(acted, StringComparison.OrdinalIgnoreCase) && !ToolNames.Reads(tool));
        var offered = ToolDeclarations.Offered(context.View, g).ToList();
        var declared = offered.FirstOrDefault(Does);
        if (declared is null)
        {
            // No tool it was given could: a claim backed by an invented detail in its own sentence is a capability it lacks.
            if (offered.Count == 0 || acted is not null || stems.Length == 0 || context.View.ToolCalls.Calls.Any(c => Does(c.Name))) return null;
            var sentence = Requests.Sentence(turn.Text, m.Index);
            var start = turn.Text.IndexOf(sentence, StringComparison.Ordinal);
            if (start < 0 || !unsupported.Exists(u => u.Source == turn.Source && u.Fact.Index >= start && u.Fact.Index < start + sentence.Length)) return null;
            return (new Evidence(turn.Span.SpanId, turn.Source, sentence.Trim()), m.Value, "");
        }

        var rank = context.View.Rank(turn.Span);
        var verb = m.Groups["verb"].Value;
        // A claim about a record a lookup of that kind returned, named by its reference ("You're booked ... (booking
        // BK-771203)" after get_member_bookings returned BK-771203): it reports, or misreads, the record's state.
        var named = Facts.Extract(Requests.Sentence(turn.Text, m.Index)).Where(f => f.Kind == FactKind.Identifier).Select(f => f.Written).ToList();
        if (named.Count > 0 && context.View.ToolCalls.Calls.Any(c => ToolNames.OpensWithReading(c.Name) && Array.Exists(stems, s => c.Name.Contains(s, StringComparison.OrdinalIgnoreCase))
                && c.Results.Any(r => context.View.Rank(r.Span) <= rank && named.Exists(id => r.Text.Contains(id, StringComparison.Ordinal))))) return null;
        foreach (var call in context.View.ToolCalls.Calls)
        {
            // The call that carries the words does what it does ("We've sent ..." in the e-mail send_consignor_email sends).
            if (ReferenceEquals(call.RequestedBy?.Span, turn.Span) && Does(call.Name)) return null;
            var span = call.Execution?.Span ?? call.RequestedBy?.Span;
            if (span is null || context.View.Rank(span) > rank) continue;
            if (Does(call.Name)) return null;
            // "Your order was cancelled" may report a state a tool returned ("status": "cancelled"), not claim an action.
            if (acted is not null && call.Results.Any(r => r.Text.Contains(verb, StringComparison.OrdinalIgnoreCase))) return null;
        }

        return (new Evidence(turn.Span.SpanId, turn.Source, ErrorText.LineAround(turn.Text, m.Index)), m.Value, declared);
    }

    private static readonly HashSet<string> ClaimWords = new(StringComparer.Ordinal)
    {
        "checked", "double", "verified", "confirmed", "searched", "looked", "queried", "called", "fetched", "retrieved", "consulted", "pulled",
        "according", "based", "upon", "after", "checking", "searching", "looking", "verifying", "querying", "consulting", "shows", "showed",
        "says", "said", "indicates", "confirms", "found", "reports", "returned", "just", "already", "have", "that", "there", "with", "your", "this",
    };

    // Its first five letters, after a plural's s ("tests" and "test" are one word; "address" keeps its own).
    private static string Stem(string word)
    {
        if (word.Length > 4 && word[^1] == 's' && word[^2] != 's') word = word[..^1];
        return word.Length > 5 ? word[..5] : word;
    }

    /// <summary>The words of a tool's name (<c>check_inventory</c>, <c>getOrderStatus</c>), four letters or more, stemmed.</summary>
    private static IEnumerable<string> NameWords(string name)
    {
        var spaced = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (i > 0 && char.IsUpper(c) && char.IsLower(name[i - 1])) spaced.Append(' ');
            spaced.Append(char.IsLetterOrDigit(c) ? c : ' ');
        }

        foreach (var word in Facts.Words(spaced.ToString()))
        {
            if (word.Length >= 4 && !ClaimWords.Contains(word) && word is not ("check" or "search" or "lookup" or "find" or "list" or "fetch" or "query" or "tool")) yield return Stem(word);
        }
    }

    // The label of a model's score of its own output: "confidence": 0.88, confidence_score=0.7, (probability 0.91).
    [GeneratedRegex(@"(?:confidence|certainty|probability|likelihood|score)(?:[_ ]?(?:score|level|value))?[""']?\s*[:=]?\s*\(?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SelfScore();

    private static bool SelfAssessed(FactIndex facts, Span span, StatedFact stated)
    {
        if (stated.Fact.Kind != FactKind.Number || stated.Fact.Value > 100) return false;
        foreach (var t in facts.TextsOf(span))
        {
            if (t.Source != stated.Source || stated.Fact.Index > t.Text.Length) continue;
            var before = t.Text.AsSpan(Math.Max(0, stated.Fact.Index - 40), Math.Min(40, stated.Fact.Index)).ToString().Replace("\\\"", "\"", StringComparison.Ordinal);
            return SelfScore().IsMatch(before);
        }

        return false;
    }

    /// <summary>
    /// What a model call wrote in sentences into its tool calls' arguments (a quote's notes, an e-mail's body): an action
    /// it says was done that only a declared tool it never called could do ("Your collection is booked - COL-88213" with
    /// book_collection uncalled) is a Tool-related hallucination; facts nothing upstream gives are invented.
    /// </summary>
    private Finding? Told(DetectionContext context, GenAiSpan g, AgentTurn call, Dictionary<Span, List<ToolCall>> answering)
    {
        var written = new List<StatedFact>();
        foreach (var stated in context.Facts.StatedInArguments(g.Span))
        {
            // A phone number a message gives to call back on is how to reach the business, no claim about the work.
            if (!stated.Supported && !Facts.IsPhoneNumber(stated.Fact) && !written.Exists(u => u.Fact.Written == stated.Fact.Written || u.Fact.Key == stated.Fact.Key)) written.Add(stated);
        }

        foreach (var prose in context.Facts.ArgumentSentences(g.Span))
        {
            var said = call with { Text = prose.Text, Source = prose.Source };
            if (UncalledAction(context, said, written) is not { Tool.Length: > 0 } action) continue;
            var evidence = new List<Evidence> { action.Evidence };
            evidence.AddRange(written.Take(3).Select(u => new Evidence(g.Span.SpanId, u.Source, u.Fact.Written)));
            return context.CreateFinding(this, g.Span, "Tool-related hallucination",
                $"The model's tool call says something was done (\"{action.Claim}\") that only {action.Tool} could do, and {action.Tool} was never called.",
                evidence, 0.75) with { Basis = AttributionBasis.UngroundedContent };
        }

        return written.Count == 0 ? null : Ungrounded(context, call, written, answering, "The model's tool call");
    }

    // Facts a turn states that nothing upstream gives: a near copy of a value the turn was handed was misread; the rest
    // were invented, quoted with what upstream said in their place.
    private Finding? Ungrounded(DetectionContext context, AgentTurn turn, List<StatedFact> unsupported, Dictionary<Span, List<ToolCall>> answering, string who)
    {
        var read = ReadResults(turn, answering);
        // A record's measure restated in another unit of its kind ("made_width_mm": 1445 as 144.5 cm) was converted.
        unsupported.RemoveAll(u => ConvertedFromRecord(context, u.Fact, read));
        if (unsupported.Count == 0) return null;
        if (Misread(context, turn, unsupported, read) is { } misread) return misread;

        var quotes = new List<Evidence>();
        foreach (var u in unsupported.Take(6))
        {
            quotes.Add(new Evidence(turn.Span.SpanId, u.Source, u.Fact.Written));
        }

        // What the invented number replaced: the latest upstream number of the same kind, quoted from where it was.
        foreach (var u in unsupported.Take(3))
        {
            if (u.Conflict is { } c && !quotes.Exists(q => q.SpanId == c.Span.SpanId && q.Quote == c.Fact.Written)) quotes.Add(new Evidence(c.Span.SpanId, c.Source, c.Fact.Written));
        }

        var listed = string.Join(", ", unsupported.Take(4).Select(u => u.Fact.Written));
        var replaced = unsupported.FirstOrDefault(u => u.Conflict is not null) is { Conflict: { } conflict } first
            ? $" Upstream says {conflict.Fact.Written} where it says {first.Fact.Written}."
            : "";
        return context.CreateFinding(this, turn.Span, "Language-only hallucination",
            $"{who} states {listed}, found in no input, message or tool output before it.{replaced}",
            quotes, Math.Min(0.85, 0.6 + 0.075 * unsupported.Count)) with { Basis = AttributionBasis.UngroundedContent };
    }

    private static string Who(AgentTurn turn) =>
        turn.G.IsModelCall ? "The model's answer" : turn.Agent is { } agent ? $"{agent}'s turn" : "The output";

    private static bool HasInputText(FactIndex facts, Span span)
    {
        foreach (var t in facts.TextsOf(span))
        {
            if (!t.IsOutput) return true;
        }

        return false;
    }

    private static HashSet<string> OutputSources(GenAiSpan g, AgentTurn turn)
    {
        var sources = new HashSet<string>(StringComparer.Ordinal) { turn.Source };
        foreach (var part in g.OutputParts)
        {
            if (part.Kind == PartKind.Text) sources.Add(part.Source);
        }

        return sources;
    }

    private static (Evidence Evidence, string Claim)? ToolClaimIn(GenAiSpan g, AgentTurn turn)
    {
        foreach (var part in g.OutputParts)
        {
            if (part.Kind != PartKind.Text || string.IsNullOrEmpty(part.Content)) continue;
            var claim = ToolClaim().Match(part.Content);
            if (claim.Success) return (new Evidence(g.Span.SpanId, part.Source, ErrorText.LineAround(part.Content, claim.Index)), claim.Value);
        }

        // What the call writes for others to read in a tool's arguments: a pull request's body, an e-mail, a ticket note.
        foreach (var part in g.OutputParts)
        {
            if (part.Kind != PartKind.ToolCall || string.IsNullOrEmpty(part.Arguments)) continue;
            var claim = ToolClaim().Match(part.Arguments);
            if (!claim.Success) continue;
            // The claim and what follows it, up to the end of the JSON string it stands in.
            var end = part.Arguments.IndexOfAny(['"', '\\'], claim.Index);
            var quote = Quote.Cut(part.Arguments[claim.Index..(end < 0 ? part.Arguments.Length : end)]);
            return (new Evidence(g.Span.SpanId, part.Source, quote), claim.Value);
        }

        if (g.OutputMessages.Count == 0)
        {
            var m = ToolClaim().Match(turn.Text);
            if (m.Success) return (new Evidence(g.Span.SpanId, turn.Source, ErrorText.LineAround(turn.Text, m.Index)), m.Value);
        }

        return null;
    }

    /// <summary>The causal rank of the first span holding a tool result (a tool span's output, a tool message, a terminal's output).</summary>
    private static int FirstToolResultRank(TraceView view, AgentTurns turns)
    {
        var first = int.MaxValue;
        foreach (var g in view.Spans)
        {
            var hasResult = g.ToolCallResult is not null
                            || g.InputParts.Any(p => p.Kind == PartKind.ToolCallResponse)
                            || turns.TurnOf(g.Span) is { IsObservation: true };
            if (!hasResult) continue;
            var rank = view.Rank(g.Span);
            // A call that received a tool result in its own input was handed the result before it answered.
            if (!g.IsToolExecution && g.InputParts.Any(p => p.Kind == PartKind.ToolCallResponse)) rank--;
            first = Math.Min(first, rank + 1);
        }

        return first;
    }
}
